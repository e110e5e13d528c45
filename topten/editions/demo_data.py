from topten.editions import actions
from topten.editions.models import Edition


def load(publication) -> None:
    """Today's edition (publication timezone), drafted from the ten latest articles.

    Idempotent: an edition that already has stories is left alone.
    """
    date = actions.publication_today()
    edition = Edition.objects.filter(newsletter="daily", date=date).first()
    if edition and edition.slots.exists():
        return
    edition = actions.start_edition(date)
    if not edition.preheader:
        actions.update_edition(
            edition,
            preheader="Ten stories from around the world, picked and explained.",
            intro="Here are the ten stories worth your time today.",
        )
    for article in actions.latest_articles():
        actions.add_slot_from_article(edition, article)
