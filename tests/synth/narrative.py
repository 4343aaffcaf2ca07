"""The narrative of a report: an introduction and the six sections' titles and paragraphs.

Written from the truth's cells as printed, so every number it states matches a table (except under
``narrative-mismatch``). It avoids the labels that betray a table format (auditor.fields.FINGERPRINTS)
and never names a year other than the report year.
"""

from __future__ import annotations

import random

from tests.synth.names import self_reference
from tests.synth.truth import Paragraph, Section, Truth

SECTION_TITLES = {
    1: ("一、总体情况", "一、政府信息公开总体情况"),
    2: ("二、主动公开政府信息情况",),
    3: ("三、收到和处理政府信息公开申请情况",),
    4: ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况",
        "四、政府信息公开行政复议及行政诉讼情况"),
    5: ("五、存在的主要问题及改进情况", "五、存在问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况"),
    6: ("六、其他需要报告的事项", "六、其它需要报告的事项"),
}
_CHANNELS = ("政府门户网站", "政务新媒体", "政务公开栏", "新闻发布会", "微信公众号", "政务服务大厅")
_MANAGEMENT = (
    "严格落实信息发布审核制度，坚持“先审后发”，对拟公开的政府信息进行保密审查。",
    "建立健全政府信息管理动态调整机制，对不予公开的政府信息定期评估审查。",
    "规范政府信息公开目录和指南，及时更新调整公开事项。",
    "加强政策文件解读，做到政策文件与解读材料同步起草、同步审签、同步发布。",
)
_PLATFORM = (
    "持续推进政府网站集约化建设，完善政府信息公开专栏，及时调整栏目设置。",
    "加强政务新媒体管理，定期开展网站和政务新媒体检查，对发现的问题及时整改。",
    "依托政务服务大厅和公开栏，方便群众就近查阅政府信息。",
)
_SUPERVISION = (
    "成立政务公开工作领导小组，明确分管领导和专人负责，形成一级抓一级的工作格局。",
    "将政务公开工作纳入年度目标管理，定期通报工作进展。",
    "畅通监督渠道，公开监督投诉电话，主动接受社会监督。",
)
_PROBLEMS = (
    "公开内容的全面性和及时性有待进一步提高",
    "政策解读形式较为单一，解读质量不高",
    "工作人员业务能力有待提升，培训不够系统",
    "政务新媒体更新频率不高，互动回应不够及时",
    "依申请公开答复的规范化水平还需加强",
)
_MEASURES = (
    "加强业务培训，提升工作人员的政策水平和业务能力",
    "丰富政策解读形式，推行图表、音视频等多样化解读",
    "完善公开制度，规范工作流程，确保信息及时准确公开",
    "加强平台建设，提升政府网站和政务新媒体的服务水平",
    "规范依申请公开办理，严格按照法定程序和时限答复",
)


def write_narrative(truth: Truth, rng: random.Random) -> None:
    """Fill ``truth.intro`` and ``truth.sections`` for the sections the truth keeps."""
    me = self_reference(truth.agency)
    writers = {1: _general, 2: _active, 3: _applications, 4: _review, 5: _problems, 6: _other}
    truth.intro = _intro(truth) if truth.style.intro else ""
    truth.sections = [
        Section(n, rng.choice(SECTION_TITLES[n]), tuple(writers[n](truth, rng, me)))
        for n in truth.section_numbers
    ]


def _intro(truth: Truth) -> str:
    y = truth.year
    return (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{truth.agency}编制。"
            f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。如对本报告有任何疑问，"
            f"请与{truth.agency}联系。")


def _general(truth: Truth, rng: random.Random, me: str) -> list[Paragraph]:
    cells, y = truth.cells, truth.year
    government = truth.organ_kind == "government"
    opening = (f"{y}年，{me}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
               f"{rng.choice(('紧密结合工作实际', '围绕中心工作', '按照上级部署'))}，"
               "不断拓展公开内容，创新公开形式，政府信息公开工作取得了新成效。")
    normative = cells.get("active.regulations.normative.issued",
                          cells.get("active.regulations.normative.made"))
    verb = "制发" if truth.format_version == "2021" else "新制作"
    active = (f"{y}年，{me}通过{'、'.join(rng.sample(_CHANNELS, 3))}等渠道主动公开政府信息"
              f"{rng.randint(20, 900)}条，全年{verb}规范性文件{normative}件。")
    return [
        Paragraph(opening),
        Paragraph(active, "（一）主动公开情况"),
        Paragraph(_applications_sentence(truth), "（二）依申请公开情况"),
        Paragraph("".join(rng.sample(_MANAGEMENT, 2)), "（三）政府信息管理情况"),
        Paragraph("".join(rng.sample(_PLATFORM, 2)), "（四）政府信息公开平台建设情况"),
        Paragraph("".join(rng.sample(_SUPERVISION, 2)) + (_assessment(y) if government else ""),
                  "（五）监督保障情况"),
    ]


def _applications_sentence(truth: Truth) -> str:
    c = truth.cells
    text = f"本年度共收到政府信息公开申请{truth.narrative_received}件"
    if c["applications.carried_over.total"]:
        text += f"，上年结转{c['applications.carried_over.total']}件"
    if c["applications.carried_forward.total"]:
        text += f"，结转下年度继续办理{c['applications.carried_forward.total']}件"
    text += "，均按照法定程序和时限予以答复。" if truth.narrative_received else "。"
    review = c["review_litigation.review.total"] or 0
    suits = (c["review_litigation.litigation_direct.total"] or 0) + (
        c["review_litigation.litigation_after_review.total"] or 0)
    if review or suits:
        return text + f"全年发生政府信息公开行政复议{review}件、行政诉讼{suits}件。"
    return text + "全年未发生政府信息公开行政复议、行政诉讼案件。"


def _assessment(year: int) -> str:
    return (f"{year}年，将政务公开工作纳入工作考核，组织开展社会评议，"
            "对工作不力的单位进行通报，全年未发生责任追究情况。")


def _active(truth: Truth, rng: random.Random, me: str) -> list[Paragraph]:
    return []


def _applications(truth: Truth, rng: random.Random, me: str) -> list[Paragraph]:
    return []


def _review(truth: Truth, rng: random.Random, me: str) -> list[Paragraph]:
    if "review_litigation" in truth.tables:
        return []
    return [Paragraph("本年度未发生政府信息公开行政复议、行政诉讼情况。")]


def _problems(truth: Truth, rng: random.Random, me: str) -> list[Paragraph]:
    ordinals = "一二三"
    problems = rng.sample(_PROBLEMS, rng.randint(2, 3))
    measures = rng.sample(_MEASURES, rng.randint(2, 3))
    return [
        Paragraph(f"{truth.year}年，{me}政府信息公开工作取得了一定成效，但也存在一些问题："
                  + "；".join(f"{ordinals[i]}是{p}" for i, p in enumerate(problems)) + "。"),
        Paragraph("针对上述问题，下一步将采取以下改进措施："
                  + "；".join(f"{ordinals[i]}是{m}" for i, m in enumerate(measures)) + "。"),
    ]


def _other(truth: Truth, rng: random.Random, me: str) -> list[Paragraph]:
    if truth.year < 2021:
        return [Paragraph(rng.choice(("本年度无其他需要报告的事项。",
                                      f"{truth.year}年，{me}依申请提供政府信息，未收取任何费用。")))]
    notices = truth.cells.get("applications.results.other.no_fee.total") or 0
    fee = (f"本年度共向申请人发出信息处理费收费通知{notices}件，实际收取信息处理费0元。" if notices
           else f"根据《政府信息公开信息处理费管理办法》，{me}本年度未收取信息处理费。")
    paragraphs = [Paragraph(fee)]
    if truth.organ_kind == "government":
        paragraphs.append(Paragraph(
            f"{truth.year}年，{me}认真办理人大代表建议和政协提案，办理结果均按要求公开；"
            "对照政务公开工作要点，逐项抓好落实，各项任务均已完成。"))
    return paragraphs
