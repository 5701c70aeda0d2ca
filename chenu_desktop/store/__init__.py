"""The local store: models, engine, change capture and migrate-at-start."""

from .database import STORE_FILE, Store, Transaction

__all__ = ["STORE_FILE", "Store", "Transaction"]
