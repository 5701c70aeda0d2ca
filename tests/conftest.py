import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests.support.stores import StoreFactory  # noqa: E402


@pytest.fixture(scope="session")
def store_factory(tmp_path_factory: pytest.TempPathFactory) -> StoreFactory:
    return StoreFactory(tmp_path_factory.mktemp("store-template"))


@pytest.fixture(autouse=True)
def _no_window_loop_outside_window_tests(request: pytest.FixtureRequest):  # noqa: ANN202
    """The window's asyncio loop runs on Qt's loop and so counts as running for
    the rest of the process once a window test made it (qasync's
    `already_running`); a later test in the same worker that runs its own loop
    (`asyncio.run`, as the background-sync tests do) would be refused. Outside
    the window tests, no loop is running, as in a process of their own."""
    import asyncio.events

    if request.node.path.parent.name == "ui":
        yield
        return
    running = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(running)
