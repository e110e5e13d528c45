"""Demo articles for the demo publication. Fictional, written for this project."""

ARTICLES = [
    (
        "World",
        "AFP",
        "Coastal nations sign pact to restore mangrove belts",
        "Eleven countries agreed to replant 40,000 hectares of mangroves by 2035.",
        [
            "Delegates from eleven coastal nations signed an agreement in the port city of Valmora on "
            "Tuesday to restore mangrove belts along their shorelines.",
            "The pact commits each country to publish yearly progress maps and to protect replanted areas "
            "from shrimp-farm conversion, the main cause of losses over the past three decades.",
        ],
    ),
    (
        "Science",
        "Reuters",
        "Deep-sea survey finds forty new species on a single seamount",
        "A six-week expedition catalogued corals, sponges and a translucent octopus.",
        [
            "Researchers aboard the survey ship Aurelia logged forty species thought to be new to science "
            "on the flanks of an unnamed seamount in the southern ocean.",
            "The team used a remotely operated vehicle to film the slopes at depths of up to 2,400 metres.",
        ],
    ),
    (
        "Economy",
        "AP",
        "Central bank holds rates steady for a third meeting",
        "Policymakers cited slowing inflation but warned that food prices remain volatile.",
        [
            "The central bank of the fictional Republic of Estraven kept its benchmark rate at 3.25 percent.",
            "Governor Ilse Marren said the committee would wait for two more months of data before acting.",
        ],
    ),
    (
        "Climate",
        "AFP",
        "Glacier monitoring network doubles its stations",
        "New automatic stations will report melt rates every hour from 60 glaciers.",
        [
            "A consortium of mountain observatories switched on 30 new stations this week.",
            "Scientists say hourly data will help forecast floods from glacial lakes days earlier.",
        ],
    ),
    (
        "Health",
        "Reuters",
        "Trial of a single-dose malaria vaccine reports strong early results",
        "Protection reached 78 percent after twelve months in a trial of 4,000 children.",
        [
            "Researchers presented the interim results of a phase-three trial at a conference on Monday.",
            "Regulators are expected to review the full data set early next year.",
        ],
    ),
    (
        "World",
        "AP",
        "Rail link between two capitals reopens after eight years",
        "The first passenger train crossed the restored bridge to applause.",
        [
            "Passenger service between Norvik and Castellan resumed on Sunday after the bridge was rebuilt.",
            "The journey takes four hours, half the time of the bus route that replaced it.",
        ],
    ),
    (
        "Technology",
        "AFP",
        "City replaces streetlights with sensors that dim for empty roads",
        "The pilot cut the city's lighting bill by a third in its first year.",
        [
            "Engineers fitted 12,000 lamps with motion sensors that brighten as people approach.",
            "Residents' groups asked for the data on crime and accidents before the scheme expands.",
        ],
    ),
    (
        "Culture",
        "Reuters",
        "Lost film reel from 1927 restored and screened",
        "Archivists rebuilt the silent comedy from three damaged copies.",
        [
            "The restored film was shown to a full house at a festival on Friday night.",
            "A live orchestra played a new score written for the occasion.",
        ],
    ),
    (
        "Sport",
        "AP",
        "Marathon record falls on a cold morning in the capital",
        "The winner finished in two hours, one minute and nine seconds.",
        [
            "Runners set off in four degrees Celsius, conditions coaches called close to ideal.",
            "The previous course record had stood for eleven years.",
        ],
    ),
    (
        "Science",
        "AFP",
        "Astronomers time a rare triple eclipse in a nearby star system",
        "The alignment of three stars will not happen again for 140 years.",
        [
            "Observatories on three continents recorded the eclipse over a period of nine hours.",
            "The measurements pin down the masses of all three stars to within one percent.",
        ],
    ),
    (
        "Economy",
        "Reuters",
        "Shipping costs ease as new canal locks open",
        "Freight rates on the main east-west route fell eight percent in a week.",
        [
            "The widened locks can take vessels up to 366 metres long.",
            "Operators expect waiting times at the canal entrance to halve by spring.",
        ],
    ),
    (
        "Climate",
        "AP",
        "Farmers adopt drought-tolerant millet across the dry belt",
        "Planting of the hardier grain rose fivefold in three seasons.",
        [
            "Agronomists credit seed-sharing co-operatives for the rapid spread.",
            "Yields held steady this year despite the lowest rainfall on record.",
        ],
    ),
]
