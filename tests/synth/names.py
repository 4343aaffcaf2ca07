"""Organ names from small word lists: departments (局/委员会/办公室) and people's governments.

Every word survives simplified → traditional → simplified conversion and Big5 encoding (a test checks).
"""

from __future__ import annotations

import random

PLACES = ("青石", "白沙", "云溪", "松林", "长宁", "东湖", "河西", "金山", "桃源", "清水", "石门", "柳江",
          "南平", "新安", "永和", "安平", "丰乐", "龙泉", "平川", "西岭", "花溪", "上英", "尚店", "麻城")
COUNTIES = ("县", "市", "区")
TOWNS = ("镇", "乡")
DEPARTMENTS = ("农业农村局", "教育局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "水利局", "卫生健康委员会", "发展和改革委员会", "民族宗教事务委员会",
               "人民政府办公室", "市场监督管理局", "应急管理局", "统计局", "医疗保障局", "退役军人事务局",
               "人力资源和社会保障局", "民政局", "司法局")


def random_agency(rng: random.Random) -> tuple[str, str]:
    """An organ name and its kind, ``department`` or ``government``."""
    place = rng.choice(PLACES)
    kind = rng.choices(("department", "county", "town", "street"), weights=(55, 15, 22, 8))[0]
    if kind == "department":
        return f"{place}{rng.choice(COUNTIES)}{rng.choice(DEPARTMENTS)}", "department"
    if kind == "county":
        return f"{place}{rng.choice(COUNTIES)}人民政府", "government"
    if kind == "town":
        return f"{place}{rng.choice(TOWNS)}人民政府", "government"
    return f"{place}街道办事处", "government"


def self_reference(agency: str) -> str:
    """How the organ names itself in its narrative: 我局, 我委, 我镇 …"""
    for ending, word in (("委员会", "我委"), ("办公室", "我办"), ("局", "我局"), ("街道办事处", "本街道")):
        if agency.endswith(ending):
            return word
    level = agency.removesuffix("人民政府")[-1]
    return f"我{level}"
