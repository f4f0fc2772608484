"""People across articles: the registry decides who is who (one entry per real person), with no database;
``bot.storage`` keeps its entries."""
