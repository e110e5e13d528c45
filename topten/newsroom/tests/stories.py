"""Small fictional articles in pairs of look-alike stories, for related-posts tests."""

QUAKE_VALMORA = [
    (
        "Earthquake of magnitude 6.1 shakes Valmora",
        "A 6.1 earthquake struck Valmora on Tuesday, damaging the harbour and the old town. Mayor Teodoro said 40 people were hurt.",
    ),
    (
        "Valmora counts damage after 6.1 quake",
        "Engineers inspected the Valmora harbour after Tuesday's 6.1 earthquake. Mayor Teodoro asked residents to avoid the old town.",
    ),
    (
        "Aftershocks rattle Valmora",
        "Two aftershocks hit Valmora a day after the 6.1 earthquake. Teodoro said schools in the old town stay closed.",
    ),
]
QUAKE_KESSEL = [
    (
        "Earthquake of magnitude 5.4 hits Kessel valley",
        "A 5.4 earthquake struck the Kessel valley on Friday, cutting the road to Heimdorf. Governor Lindqvar said 12 people were hurt.",
    ),
    (
        "Kessel valley road reopens after 5.4 quake",
        "Crews cleared the Heimdorf road in the Kessel valley after Friday's 5.4 earthquake. Governor Lindqvar thanked volunteers.",
    ),
    (
        "Heimdorf farmers assess quake damage",
        "Farmers near Heimdorf in the Kessel valley counted damaged barns after the 5.4 earthquake. Lindqvar promised aid.",
    ),
]
MARATHON = [
    (
        "Aranda breaks the Norvik marathon record",
        "Kibet Aranda won the Norvik marathon in record time on the harbour road.",
    ),
    (
        "Norvik marathon: Elmqvist wins third title",
        "Sofia Elmqvist won the women's Norvik marathon on the harbour road, her third title.",
    ),
]
