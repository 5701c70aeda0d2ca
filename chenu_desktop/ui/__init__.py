"""The desktop window: the only package that imports Qt.

Widgets call the services through operations (`operations/`) that run on
the store's worker thread and hand plain results back to the GUI thread;
network work runs on the asyncio loop qasync puts on Qt's loop.
"""
