"""The store by area, each over the one shared ``bot.storage.database.Database``.

``bot.storage.Store`` is the face callers hold; its methods hand each call to one of these.
"""
