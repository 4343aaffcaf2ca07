from tests.run.conftest import fake_engine  # noqa: F401 - the fake rule engine, for the CLI tests here
