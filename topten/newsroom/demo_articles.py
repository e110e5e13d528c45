"""Demo articles for the demo publication. Fictional, written for this project: the places,
people and institutions are invented, and no third-party news text is copied."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoArticle:
    section: str
    source: str
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...] = ()
    caption: str = ""


ARTICLES = [
    DemoArticle(
        "World",
        "AFP",
        "Coastal nations sign pact to restore mangrove belts",
        "Eleven countries agreed to replant 40,000 hectares of mangroves by 2035.",
        (
            "Delegates from eleven coastal nations signed an agreement in the port city of Valmora "
            "on Tuesday to restore mangrove belts along their shorelines, the largest such pledge "
            "since the regional fisheries treaty of two decades ago.",
            "The pact commits each country to publish yearly progress maps and to protect replanted "
            "areas from shrimp-farm conversion, the main cause of losses over the past three "
            "decades. Satellite surveys will be checked by an independent panel based in Norvik.",
            "“Mangroves are our cheapest sea wall,” said Amara Teodoro, the environment minister of "
            "the host country, as delegates applauded. Her ministry estimates that a healthy belt "
            "cuts storm-surge damage to villages behind it by half.",
            "Fishing co-operatives welcomed the deal but asked for a share of the restoration jobs. "
            "Several groups said earlier projects had planted the wrong species in the wrong places, "
            "leaving rows of dead saplings after the first dry season.",
            "The first planting season begins in March. A review conference is planned in Valmora "
            "in five years to compare the maps with the promises.",
        ),
        tags=("Oceans", "Diplomacy"),
        caption="Mangrove roots at low tide.",
    ),
    DemoArticle(
        "Science",
        "Reuters",
        "Deep-sea survey finds forty new species on a single seamount",
        "A six-week expedition catalogued corals, sponges and a translucent octopus.",
        (
            "Researchers aboard the survey ship Aurelia logged forty species thought to be new to "
            "science on the flanks of an unnamed seamount in the southern ocean.",
            "The team used a remotely operated vehicle to film the slopes at depths of up to 2,400 "
            "metres, collecting samples with a suction arm no wider than a garden hose.",
            "Among the finds were glass sponges the size of armchairs and a translucent octopus "
            "that the crew nicknamed “the ghost”. Chief scientist Oren Vasquel said the octopus was "
            "filmed brooding eggs on a ledge of cold-water coral.",
            "Confirming a new species can take years of comparison with museum collections. The "
            "samples will be shared between institutes in four countries, and the genetic data "
            "published openly.",
            "The seamount lies outside any protected area. The expedition's sponsors said they would "
            "submit the survey to the regional ocean authority as evidence for a fishing ban on its "
            "slopes.",
        ),
        tags=("Oceans", "Biodiversity"),
        caption="A sampling arm above a coral ledge.",
    ),
    DemoArticle(
        "Economy",
        "AP",
        "Central bank holds rates steady for a third meeting",
        "Policymakers cited slowing inflation but warned that food prices remain volatile.",
        (
            "The central bank of the Republic of Estraven kept its benchmark rate at 3.25 percent "
            "on Thursday, the third meeting in a row without a change.",
            "Governor Ilse Marren said the committee would wait for two more months of data before "
            "acting. Consumer prices rose 2.6 percent in the year to October, down from a peak of "
            "7.1 percent eighteen months ago.",
            "Food prices remain the exception. A poor harvest in the eastern provinces pushed the "
            "price of flour up by a fifth since summer, and the bank said it was watching for "
            "signs that shops were passing the rise on to other goods.",
            "Two of the seven committee members voted for a quarter-point cut, arguing that "
            "borrowing costs were weighing on small builders. The minutes of the meeting will be "
            "published in three weeks.",
            "Markets had expected the decision. The Estraven crown was little changed against the "
            "currencies of its main trading partners after the announcement.",
        ),
        tags=("Interest rates", "Estraven"),
        caption="The central bank's meeting room.",
    ),
    DemoArticle(
        "Climate",
        "AFP",
        "Glacier monitoring network doubles its stations",
        "New automatic stations will report melt rates every hour from 60 glaciers.",
        (
            "A consortium of mountain observatories switched on 30 new stations this week, doubling "
            "a network that watches the glaciers of the Kessel range.",
            "Each station measures temperature, sunlight and the height of the ice surface, and "
            "sends the readings by satellite every hour. Until now most glaciers were measured by "
            "hand once or twice a summer.",
            "Scientists say hourly data will help forecast floods from glacial lakes days earlier. "
            "Two such floods damaged bridges in the valley town of Heimdorf in the past decade.",
            "“We used to learn about a melt event when the river rose,” said glaciologist Petra "
            "Lindqvar. “Now we will see it coming from the ice itself.”",
            "The readings will be published on an open website. Local mountain guides have asked "
            "for a simple warning map for climbers crossing the lower glaciers.",
        ),
        tags=("Glaciers", "Floods"),
        caption="An automatic weather station on the ice.",
    ),
    DemoArticle(
        "Health",
        "Reuters",
        "Trial of a single-dose malaria vaccine reports strong early results",
        "Protection reached 78 percent after twelve months in a trial of 4,000 children.",
        (
            "Researchers presented the interim results of a phase-three trial of a single-dose "
            "malaria vaccine at a conference in Castellan on Monday.",
            "Among 4,000 children aged one to four, those who received the vaccine had 78 percent "
            "fewer cases of clinical malaria over twelve months than those who received a "
            "placebo. Side effects were mostly mild fevers that passed within two days.",
            "Current vaccines need three or four doses, which many families struggle to complete. "
            "“One visit to the clinic changes everything about how we can reach children,” said "
            "lead investigator Dr. Noor Halvani.",
            "The researchers cautioned that protection may fade, and the trial will follow the "
            "children for three more years. A booster arm is planned for the second year.",
            "Regulators are expected to review the full data set early next year. The developers "
            "have said they will license production to two manufacturers in the region.",
        ),
        tags=("Malaria", "Vaccines"),
        caption="A clinic waiting room during the trial.",
    ),
    DemoArticle(
        "World",
        "AP",
        "Rail link between two capitals reopens after eight years",
        "The first passenger train crossed the restored bridge to applause.",
        (
            "Passenger service between Norvik and Castellan resumed on Sunday after the bridge over "
            "the Selva river was rebuilt, eight years after floods washed away its central span.",
            "The first train left Norvik at dawn with 300 passengers, many of them families who had "
            "not visited relatives across the border since the line closed.",
            "The journey takes four hours, half the time of the bus route that replaced it. Two "
            "trains will run each way every day at first, rising to four in the summer.",
            "Engineers raised the new span three metres above the old one and rebuilt the river "
            "banks upstream to slow future floods. The work cost both governments more than "
            "originally planned, and finished a year late.",
            "Traders in the border town of Miravel, where the train stops, said they hoped the line "
            "would bring back the weekend market that once drew visitors from both capitals.",
        ),
        tags=("Railways", "Norvik"),
        caption="The first train crosses the rebuilt bridge.",
    ),
    DemoArticle(
        "Technology",
        "AFP",
        "City replaces streetlights with sensors that dim for empty roads",
        "The pilot cut the city's lighting bill by a third in its first year.",
        (
            "Engineers in the city of Harrowgate fitted 12,000 streetlamps with motion sensors that "
            "brighten as people approach and dim to a fifth of their power when the road is empty.",
            "In the first year the city's lighting bill fell by a third, and the council says the "
            "lamps will pay for themselves in six years.",
            "The sensors count movement but do not record images, according to the council, and "
            "the counts are kept only as hourly totals per street.",
            "Residents' groups asked for the data on crime and accidents before the scheme expands. "
            "“Dark streets feel unsafe even when they are not,” said Tomasz Reyl of the Old Quarter "
            "residents' association.",
            "Astronomers at the city observatory welcomed the change: on the darkest nights they "
            "can now see stars that had been hidden by the city's glow for forty years.",
        ),
        tags=("Cities", "Energy"),
        caption="A dimmed street in the Old Quarter.",
    ),
    DemoArticle(
        "Culture",
        "Reuters",
        "Lost film reel from 1927 restored and screened",
        "Archivists rebuilt the silent comedy from three damaged copies.",
        (
            "A silent comedy thought lost for almost a century was shown to a full house at the "
            "Valmora film festival on Friday night, after archivists rebuilt it from three damaged "
            "copies.",
            "The film, “The Umbrella Thief”, follows a hapless inventor through a rainy city. Only "
            "its poster and a few stills were known until a reel turned up in a private "
            "collection two years ago.",
            "Restorers scanned every frame and filled the gaps from two further copies found in "
            "archives abroad. Nine minutes are still missing and are replaced by title cards.",
            "A live orchestra played a new score written for the occasion by composer Lene "
            "Aulstrand, who said she had tried to write “music that laughs a second after the "
            "audience does”.",
            "The restored film will tour regional cinemas next year and then be released online "
            "free of charge.",
        ),
        tags=("Film", "Archives"),
        caption="A frame from the restored reel.",
    ),
    DemoArticle(
        "Sport",
        "AP",
        "Marathon record falls on a cold morning in the capital",
        "The winner finished in two hours, one minute and nine seconds.",
        (
            "Kibet Aranda broke the course record of the Norvik marathon on Sunday, finishing in "
            "two hours, one minute and nine seconds.",
            "Runners set off in four degrees Celsius, conditions coaches called close to ideal. "
            "Aranda ran with a group of five until the 30th kilometre, then pulled away on the "
            "long climb along the harbour road.",
            "The previous course record had stood for eleven years. Aranda, 26, said he had run "
            "the course in his head every night for a month.",
            "In the women's race, Sofia Elmqvist won her third title in a row in two hours, "
            "nineteen minutes, finishing almost four minutes ahead of the field.",
            "Organisers said 21,000 runners finished, a record for the event, and that the "
            "first-aid tents treated fewer cases of exhaustion than in warmer years.",
        ),
        tags=("Running", "Norvik"),
        caption="Runners on the harbour road.",
    ),
    DemoArticle(
        "Science",
        "AFP",
        "Astronomers time a rare triple eclipse in a nearby star system",
        "The alignment of three stars will not happen again for 140 years.",
        (
            "Observatories on three continents recorded a rare triple eclipse in a star system 200 "
            "light years away, over a period of nine hours.",
            "In the system, two stars orbit each other closely while a third circles the pair. "
            "Once every 140 years all three line up as seen from Earth, and each dims the light "
            "of the others in turn.",
            "The measurements pin down the masses of all three stars to within one percent, "
            "said astronomer Ruth Okonvale, who coordinated the campaign from the Harrowgate "
            "observatory.",
            "Amateur astronomers contributed about a third of the observations, filling gaps when "
            "clouds covered the professional telescopes.",
            "The team plans to use the masses to test models of how stars age. The next alignment "
            "is expected in 2166.",
        ),
        tags=("Astronomy",),
        caption="An artist's impression of the three stars.",
    ),
    DemoArticle(
        "Economy",
        "Reuters",
        "Shipping costs ease as new canal locks open",
        "Freight rates on the main east-west route fell eight percent in a week.",
        (
            "Freight rates on the main east-west shipping route fell eight percent in the week "
            "after the widened locks of the Estraven canal opened to traffic.",
            "The new locks can take vessels up to 366 metres long, against 294 metres before, "
            "allowing the largest container ships to use the canal instead of sailing around the "
            "southern cape.",
            "Operators expect waiting times at the canal entrance to halve by spring. On the "
            "first day, 41 ships passed through, a record for the waterway.",
            "The canal authority said tolls would stay unchanged for a year. Governor Ilse Marren "
            "of the central bank said lower shipping costs should help to ease prices of imported "
            "goods.",
            "Environmental groups warned that larger ships will stir up more sediment in the "
            "lakes that feed the locks, and asked for water-quality data to be published monthly.",
        ),
        tags=("Shipping", "Estraven"),
        caption="A container ship in the new locks.",
    ),
    DemoArticle(
        "Climate",
        "AP",
        "Farmers adopt drought-tolerant millet across the dry belt",
        "Planting of the hardier grain rose fivefold in three seasons.",
        (
            "Farmers across the dry belt south of the Kessel range planted five times more "
            "drought-tolerant millet this season than three years ago.",
            "Agronomists credit seed-sharing co-operatives for the rapid spread. Each member "
            "returns twice the seed they borrow after the harvest, so the stock grows every year.",
            "Yields held steady this year despite the lowest rainfall on record, while maize "
            "harvests in the same villages fell by almost half.",
            "“My grandmother grew millet. We stopped because the market wanted maize,” said "
            "farmer Ayo Brandvik. “Now the market wants whatever still grows.”",
            "Millet still fetches a lower price than maize. The co-operatives are working with "
            "bakeries in Castellan to sell millet flour under a shared label.",
        ),
        tags=("Farming", "Drought"),
        caption="Millet drying after the harvest.",
    ),
]
