"""The newest migration's revision, in a module of its own: checking that a
store is current (`migrate.py`, and the CLI's quick reads) imports neither
Alembic nor SQLAlchemy. A test checks it names the migrations' one head."""

SCHEMA_HEAD = "0006"
