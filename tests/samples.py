"""Article texts written for the tests (fictional people and places)."""

# A fictional mayor of a fictional city: an official with a title, a direct and a reported quote, figures.
ARTICLE = (
    "Mayor Luis Peña said on Tuesday that Riverside would open two new shelters for asylum seekers and "
    "migrant families arriving from the border.\n\n"
    "\u201cWe are ready to welcome every family that arrives, and we will not turn anyone away,\u201d Peña said "
    "at a news conference at City Hall.\n\n"
    "The city has received 4,200 migrants since January, according to the mayor's office. Immigration "
    "advocates praised the decision, while federal immigration officials declined to comment.\n"
)
