"""Phrase bank for the benchmark corpus generator.

Plain data only: places, names, organisation/project/programme templates and
parallel German/English sentence material for migration and integration work.
Every pair is ``(german, english)`` so a translation can reuse the same choices.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Places: state code -> (German name, English name, municipalities)
# municipality: (name, postcode, area code, weight)
# ---------------------------------------------------------------------------

STATES: dict[str, tuple[str, str, list[tuple[str, str, str, int]]]] = {
    "BW": ("Baden-Württemberg", "Baden-Württemberg", [
        ("Stuttgart", "70173", "0711", 6), ("Mannheim", "68159", "0621", 3),
        ("Karlsruhe", "76133", "0721", 3), ("Freiburg im Breisgau", "79098", "0761", 2),
        ("Heidelberg", "69117", "06221", 2), ("Ulm", "89073", "0731", 1),
        ("Heilbronn", "74072", "07131", 1), ("Pforzheim", "75175", "07231", 1),
        ("Reutlingen", "72764", "07121", 1), ("Esslingen am Neckar", "73728", "0711", 1),
        ("Ludwigsburg", "71638", "07141", 1), ("Tübingen", "72070", "07071", 1),
        ("Schwäbisch Gmünd", "73525", "07171", 1), ("Rems-Murr-Kreis", "71332", "07151", 1),
    ]),
    "BY": ("Bayern", "Bavaria", [
        ("München", "80331", "089", 8), ("Nürnberg", "90402", "0911", 4),
        ("Augsburg", "86150", "0821", 3), ("Regensburg", "93047", "0941", 2),
        ("Ingolstadt", "85049", "0841", 1), ("Würzburg", "97070", "0931", 1),
        ("Fürth", "90762", "0911", 1), ("Erlangen", "91052", "09131", 1),
        ("Bamberg", "96047", "0951", 1), ("Landshut", "84028", "0871", 1),
        ("Rosenheim", "83022", "08031", 1), ("Kempten (Allgäu)", "87435", "0831", 1),
        ("Aschaffenburg", "63739", "06021", 1), ("Landkreis Fürstenfeldbruck", "82256", "08141", 1),
    ]),
    "BE": ("Berlin", "Berlin", [
        ("Berlin", "10117", "030", 8), ("Neukölln", "12043", "030", 3),
        ("Friedrichshain-Kreuzberg", "10997", "030", 2), ("Mitte", "10178", "030", 2),
        ("Spandau", "13597", "030", 1), ("Marzahn-Hellersdorf", "12679", "030", 1),
        ("Tempelhof-Schöneberg", "10827", "030", 1), ("Lichtenberg", "10365", "030", 1),
        ("Reinickendorf", "13437", "030", 1), ("Charlottenburg-Wilmersdorf", "10585", "030", 1),
    ]),
    "BB": ("Brandenburg", "Brandenburg", [
        ("Potsdam", "14467", "0331", 3), ("Cottbus", "03046", "0355", 2),
        ("Brandenburg an der Havel", "14770", "03381", 1), ("Frankfurt (Oder)", "15230", "0335", 1),
        ("Eberswalde", "16225", "03334", 1), ("Oranienburg", "16515", "03301", 1),
        ("Eisenhüttenstadt", "15890", "03364", 1), ("Landkreis Oder-Spree", "15848", "03366", 1),
    ]),
    "HB": ("Bremen", "Bremen", [
        ("Bremen", "28195", "0421", 4), ("Bremerhaven", "27568", "0471", 2),
    ]),
    "HH": ("Hamburg", "Hamburg", [
        ("Hamburg", "20095", "040", 7), ("Altona", "22765", "040", 1),
        ("Wandsbek", "22041", "040", 1), ("Harburg", "21073", "040", 1),
        ("Hamburg-Mitte", "20097", "040", 1), ("Eimsbüttel", "20357", "040", 1),
    ]),
    "HE": ("Hessen", "Hesse", [
        ("Frankfurt am Main", "60311", "069", 6), ("Wiesbaden", "65183", "0611", 2),
        ("Kassel", "34117", "0561", 2), ("Darmstadt", "64283", "06151", 2),
        ("Offenbach am Main", "63065", "069", 2), ("Gießen", "35390", "0641", 1),
        ("Marburg", "35037", "06421", 1), ("Fulda", "36037", "0661", 1),
        ("Hanau", "63450", "06181", 1), ("Rüsselsheim am Main", "65428", "06142", 1),
        ("Main-Kinzig-Kreis", "63571", "06051", 1),
    ]),
    "MV": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania", [
        ("Rostock", "18055", "0381", 3), ("Schwerin", "19053", "0385", 2),
        ("Neubrandenburg", "17033", "0395", 1), ("Stralsund", "18439", "03831", 1),
        ("Greifswald", "17489", "03834", 1), ("Wismar", "23966", "03841", 1),
    ]),
    "NI": ("Niedersachsen", "Lower Saxony", [
        ("Hannover", "30159", "0511", 5), ("Braunschweig", "38100", "0531", 2),
        ("Oldenburg (Oldb)", "26122", "0441", 2), ("Osnabrück", "49074", "0541", 2),
        ("Wolfsburg", "38440", "05361", 1), ("Göttingen", "37073", "0551", 2),
        ("Salzgitter", "38226", "05341", 1), ("Hildesheim", "31134", "05121", 1),
        ("Delmenhorst", "27749", "04221", 1), ("Lüneburg", "21335", "04131", 1),
        ("Celle", "29221", "05141", 1), ("Landkreis Emsland", "49716", "05931", 1),
    ]),
    "NW": ("Nordrhein-Westfalen", "North Rhine-Westphalia", [
        ("Köln", "50667", "0221", 8), ("Düsseldorf", "40213", "0211", 5),
        ("Dortmund", "44137", "0231", 4), ("Essen", "45127", "0201", 4),
        ("Duisburg", "47051", "0203", 3), ("Bochum", "44787", "0234", 2),
        ("Wuppertal", "42103", "0202", 2), ("Bielefeld", "33602", "0521", 2),
        ("Bonn", "53111", "0228", 3), ("Münster", "48143", "0251", 2),
        ("Gelsenkirchen", "45879", "0209", 2), ("Mönchengladbach", "41061", "02161", 1),
        ("Aachen", "52062", "0241", 2), ("Bottrop", "46236", "02041", 2),
        ("Hamm", "59065", "02381", 1), ("Oberhausen", "46045", "0208", 1),
        ("Hagen", "58095", "02331", 1), ("Solingen", "42651", "0212", 1),
        ("Herne", "44623", "02323", 1), ("Siegen", "57072", "0271", 1),
        ("Gütersloh", "33330", "05241", 1), ("Kreis Düren", "52351", "02421", 1),
        ("Kreis Recklinghausen", "45657", "02361", 1),
    ]),
    "RP": ("Rheinland-Pfalz", "Rhineland-Palatinate", [
        ("Mainz", "55116", "06131", 3), ("Ludwigshafen am Rhein", "67059", "0621", 2),
        ("Koblenz", "56068", "0261", 1), ("Trier", "54290", "0651", 1),
        ("Kaiserslautern", "67655", "0631", 1), ("Worms", "67547", "06241", 1),
        ("Neuwied", "56564", "02631", 1), ("Speyer", "67346", "06232", 1),
    ]),
    "SL": ("Saarland", "Saarland", [
        ("Saarbrücken", "66111", "0681", 3), ("Neunkirchen", "66538", "06821", 1),
        ("Homburg", "66424", "06841", 1), ("Völklingen", "66333", "06898", 1),
        ("Saarlouis", "66740", "06831", 1),
    ]),
    "SN": ("Sachsen", "Saxony", [
        ("Leipzig", "04109", "0341", 4), ("Dresden", "01067", "0351", 4),
        ("Chemnitz", "09111", "0371", 2), ("Zwickau", "08056", "0375", 1),
        ("Plauen", "08523", "03741", 1), ("Görlitz", "02826", "03581", 1),
        ("Bautzen", "02625", "03591", 1),
    ]),
    "ST": ("Sachsen-Anhalt", "Saxony-Anhalt", [
        ("Magdeburg", "39104", "0391", 3), ("Halle (Saale)", "06108", "0345", 3),
        ("Dessau-Roßlau", "06844", "0340", 1), ("Lutherstadt Wittenberg", "06886", "03491", 1),
        ("Stendal", "39576", "03931", 1), ("Halberstadt", "38820", "03941", 1),
    ]),
    "SH": ("Schleswig-Holstein", "Schleswig-Holstein", [
        ("Kiel", "24103", "0431", 3), ("Lübeck", "23552", "0451", 3),
        ("Flensburg", "24937", "0461", 1), ("Neumünster", "24534", "04321", 1),
        ("Norderstedt", "22846", "040", 1), ("Elmshorn", "25335", "04121", 1),
        ("Pinneberg", "25421", "04101", 1),
    ]),
    "TH": ("Thüringen", "Thuringia", [
        ("Erfurt", "99084", "0361", 3), ("Jena", "07743", "03641", 2),
        ("Gera", "07545", "0365", 1), ("Weimar", "99423", "03643", 1),
        ("Gotha", "99867", "03621", 1), ("Nordhausen", "99734", "03631", 1),
        ("Suhl", "98527", "03681", 1), ("Eisenach", "99817", "03691", 1),
    ]),
}

# Seat towns used in postal addresses of districts and counties
SEATS: dict[str, str] = {
    "Rems-Murr-Kreis": "Waiblingen", "Landkreis Fürstenfeldbruck": "Fürstenfeldbruck",
    "Landkreis Oder-Spree": "Beeskow", "Landkreis Emsland": "Meppen",
    "Main-Kinzig-Kreis": "Gelnhausen", "Kreis Düren": "Düren",
    "Kreis Recklinghausen": "Recklinghausen",
}

CITY_EN: dict[str, str] = {
    "Köln": "Cologne", "München": "Munich", "Nürnberg": "Nuremberg", "Hannover": "Hanover",
    "Braunschweig": "Brunswick",
}

STREETS: tuple[str, ...] = (
    "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Am Marktplatz",
    "Rathausplatz", "Kaiser-Wilhelm-Ring", "Friedrich-Ebert-Straße", "Willy-Brandt-Allee",
    "Königstraße", "Lindenstraße", "Mühlenweg", "Gartenstraße", "Schloßstraße",
    "Weißenburger Straße", "Kölner Str.", "Düsseldorfer Straße", "Am Bürgerhaus",
    "Rosa-Luxemburg-Platz", "Karl-Marx-Straße", "Hermannstraße", "Lange Straße",
    "Große Bleichen", "Münsterplatz", "Jahnstraße", "Frankfurter Allee", "Sonnenallee",
    "Berliner Platz", "Marie-Juchacz-Straße", "Hans-Böckler-Straße", "An der Weißgerberei",
    "Carl-von-Ossietzky-Straße", "Steinweg", "Brückstraße", "Talstraße", "Grüner Weg",
)

ADDRESS_PREFIXES: tuple[str, ...] = (
    "c/o Bürgerbüro, ", "Haus der Kulturen, ", "2. OG, ", "Raum 114, ", "Integrationshaus, ",
)

# ---------------------------------------------------------------------------
# People: (first name, gender) by origin; surnames by origin; spoken languages
# ---------------------------------------------------------------------------

FIRST_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "german": (
        ("Thomas", "m"), ("Anna", "f"), ("Jürgen", "m"), ("Sören", "m"), ("Jörg", "m"),
        ("Käthe", "f"), ("Lea", "f"), ("Markus", "m"), ("Sabine", "f"), ("Katrin", "f"),
        ("Björn", "m"), ("Günther", "m"), ("Uwe", "m"), ("Heike", "f"), ("Friederike", "f"),
        ("Maximilian", "m"), ("Lena", "f"), ("Jonas", "m"), ("Bärbel", "f"), ("Ute", "f"),
        ("Hans-Peter", "m"), ("Anne-Kathrin", "f"), ("Florian", "m"), ("Birte", "f"),
        ("Henrik", "m"), ("Paul", "m"), ("Lina", "f"), ("Tobias", "m"), ("Stefanie", "f"),
        ("Jan-Hendrik", "m"), ("Mareike", "f"), ("Dörte", "f"), ("Claas", "m"),
    ),
    "turkish": (
        ("Ayşe", "f"), ("Mehmet", "m"), ("Emine", "f"), ("Mustafa", "m"), ("Elif", "f"),
        ("Okan", "m"), ("Zeynep", "f"), ("Cem", "m"), ("Gülşen", "f"), ("Özlem", "f"),
        ("Serkan", "m"), ("Aylin", "f"), ("Sevgi", "f"), ("Hakan", "m"), ("Büşra", "f"),
        ("Murat", "m"), ("Gökhan", "m"), ("Şule", "f"),
    ),
    "arabic": (
        ("Samira", "f"), ("Rami", "m"), ("Yasmin", "f"), ("Omar", "m"), ("Fatima", "f"),
        ("Khaled", "m"), ("Layla", "f"), ("Mahmoud", "m"), ("Nour", "f"), ("Ahmad", "m"),
        ("Rania", "f"), ("Yousef", "m"), ("Hiba", "f"), ("Tarek", "m"),
    ),
    "polish": (
        ("Magdalena", "f"), ("Krzysztof", "m"), ("Agnieszka", "f"), ("Łukasz", "m"),
        ("Małgorzata", "f"), ("Paweł", "m"), ("Katarzyna", "f"), ("Wojciech", "m"),
        ("Joanna", "f"), ("Tomasz", "m"),
    ),
    "greek": (
        ("Maria", "f"), ("Giorgos", "m"), ("Eleni", "f"), ("Dimitrios", "m"),
        ("Konstantinos", "m"), ("Sofia", "f"), ("Nikos", "m"), ("Katerina", "f"),
        ("Ioannis", "m"), ("Athina", "f"),
    ),
    "ukrainian": (
        ("Olena", "f"), ("Dmytro", "m"), ("Natalia", "f"), ("Andrij", "m"), ("Iryna", "f"),
        ("Oleksandr", "m"),
    ),
    "persian": (
        ("Reza", "m"), ("Shirin", "f"), ("Farid", "m"), ("Mina", "f"), ("Dariush", "m"),
    ),
    "vietnamese": (("Thanh", "m"), ("Linh", "f"), ("Minh", "m"), ("Thu", "f")),
    "balkan": (("Jelena", "f"), ("Emir", "m"), ("Amra", "f"), ("Dragan", "m"), ("Arta", "f")),
    "african": (
        ("Abdirahman", "m"), ("Yonas", "m"), ("Helen", "f"), ("Amina", "f"), ("Kwame", "m"),
        ("Fatoumata", "f"),
    ),
    "italian": (("Giuseppe", "m"), ("Francesca", "f"), ("Luca", "m"), ("Chiara", "f")),
}

SURNAMES: dict[str, tuple[str, ...]] = {
    "german": (
        "Müller", "Schäfer", "Weiß", "Groß", "Krüger", "Schröder", "Bäcker", "Hoffmann",
        "Schwarzer", "Köhler", "Fuß", "Meißner", "Strauß", "Löffler", "Jäger", "Wagner",
        "Becker", "Schulze", "Neumann", "Zimmermann", "Hübner", "Voß", "Obermaier",
        "Jensen", "Petersen", "Lindner", "Reuter", "Engel", "Brüning", "Vogt", "Schreiner",
        "Wilhelmy", "Lang", "Hoffmann-Özdemir", "Große-Kathöfer", "Müller-Lüdenscheidt",
    ),
    "turkish": (
        "Yılmaz", "Demir", "Şahin", "Çelik", "Doğan", "Öztürk", "Kaya", "Arslan", "Aydın",
        "Kılıç", "Demirtaş", "Güler", "Koç", "Yıldız", "Özdemir", "Sarı", "Erdoğan",
    ),
    "arabic": (
        "El-Khatib", "Haddad", "Al-Masri", "Nasser", "Mansour", "Hamdan", "Khalil", "Saleh",
        "Abu-Zaid", "Darwish", "Al-Hassan", "Ibrahim",
    ),
    "polish": (
        "Kowalski", "Nowak", "Wiśniewski", "Zieliński", "Lewandowski", "Ziółek-Skrzypczak",
        "Wójcik", "Kamiński", "Dąbrowski", "Szymański", "Mazur",
    ),
    "greek": (
        "Oikonomidou", "Antoniou", "Papadopoulos", "Georgiou", "Nikolaidis", "Christodoulou",
        "Papadaki", "Vlachou", "Karagiannis",
    ),
    "ukrainian": ("Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko", "Iwanowa"),
    "persian": ("Karimi", "Ahmadi", "Haidari", "Rahimi", "Hosseini", "Ahmadzai"),
    "vietnamese": ("Nguyen", "Tran", "Pham", "Le", "Vu"),
    "balkan": ("Petrović", "Hodžić", "Kovačević", "Berisha", "Jovanović"),
    "african": ("Warsame", "Tesfaye", "Ghebremedhin", "Diallo", "Mensah", "Okafor"),
    "italian": ("Russo", "Bianchi", "Esposito", "Romano"),
}

ORIGIN_WEIGHTS: dict[str, int] = {
    "german": 45, "turkish": 14, "arabic": 10, "polish": 6, "greek": 5, "ukrainian": 5,
    "persian": 4, "vietnamese": 3, "balkan": 3, "african": 3, "italian": 2,
}

ORIGIN_LANGUAGES: dict[str, tuple[str, ...]] = {
    "german": ("en", "fr", "es", "ru"),
    "turkish": ("tr", "ku"),
    "arabic": ("ar", "fr"),
    "polish": ("pl", "ru"),
    "greek": ("el",),
    "ukrainian": ("uk", "ru"),
    "persian": ("fa", "prs", "ps"),
    "vietnamese": ("vi",),
    "balkan": ("bs", "sr", "hr", "sq"),
    "african": ("so", "ti", "fr", "en"),
    "italian": ("it",),
}

HONORIFICS: dict[str, tuple[tuple[str, str], ...]] = {
    "m": (("Herr", "Mr"), ("Dr.", "Dr"), ("Herr Dr.", "Dr"), ("Prof. Dr.", "Prof. Dr")),
    "f": (("Frau", "Ms"), ("Dr.", "Dr"), ("Frau Dr.", "Dr"), ("Prof. Dr.", "Prof. Dr")),
}

# ---------------------------------------------------------------------------
# Controlled vocabularies with labels
# ---------------------------------------------------------------------------

TOPICS: dict[str, tuple[str, str]] = {
    "labour-market": ("Arbeitsmarkt", "Labour market"),
    "vocational-training": ("Berufliche Ausbildung", "Vocational training"),
    "language": ("Sprache", "Language"),
    "education": ("Bildung", "Education"),
    "business": ("Wirtschaft und Gründung", "Business and start-ups"),
    "participation": ("Teilhabe und Partizipation", "Participation"),
    "intercultural-opening": ("Interkulturelle Öffnung", "Intercultural opening"),
    "networking": ("Vernetzung", "Networking"),
    "development": ("Migration und Entwicklung", "Migration and development"),
    "housing": ("Wohnen", "Housing"),
    "health": ("Gesundheit", "Health"),
    "counselling": ("Beratung", "Counselling"),
    "anti-discrimination": ("Antidiskriminierung", "Anti-discrimination"),
    "recognition": ("Anerkennung", "Recognition"),
    "refugees": ("Flucht und Asyl", "Refugees and asylum"),
    "qualification": ("Qualifizierung", "Qualification"),
}

GROUPS: dict[str, tuple[str, str]] = {
    "refugees": ("Geflüchtete", "Refugees"),
    "new-immigrants": ("Neuzugewanderte", "New immigrants"),
    "migrants": ("Migrant*innen", "Migrants"),
    "migrant-organisations": ("Migrantenorganisationen", "Migrant organisations"),
    "migrant-entrepreneurs": ("Migrantenunternehmer*innen", "Migrant entrepreneurs"),
    "employers": ("Arbeitgeber und Betriebe", "Employers"),
    "municipalities": ("Kommunen", "Municipalities"),
    "administration": ("Verwaltung", "Public administration"),
    "volunteers": ("Ehrenamtliche", "Volunteers"),
    "youth": ("Jugendliche", "Young people"),
    "women": ("Frauen", "Women"),
    "skilled-workers": ("Fachkräfte", "Skilled workers"),
    "ngos": ("Träger und Vereine", "NGOs and associations"),
    "district-councils": ("Bezirksausschüsse und Beiräte", "District councils"),
}

FUNDING_KINDS: dict[str, tuple[str, str]] = {
    "grant": ("Zuschuss", "Grant"),
    "loan": ("Darlehen", "Loan"),
    "advice": ("Beratung", "Advice"),
    "qualification": ("Qualifizierung", "Qualification"),
    "award": ("Preis", "Award"),
    "network": ("Netzwerk", "Network"),
    "other": ("Sonstiges", "Other"),
}

ORG_KINDS: tuple[str, ...] = (
    "authority", "association", "foundation", "company", "network", "research", "other",
)

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "planned": ("geplant", "planned"),
    "running": ("laufend", "running"),
    "completed": ("abgeschlossen", "completed"),
}

# Topic keywords: (German, English); used in sentences, tags and queries.
KEYWORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "labour-market": (
        ("Arbeitsmarktintegration", "labour market integration"),
        ("Arbeitsvermittlung", "job placement"), ("Beschäftigung", "employment"),
        ("Jobcoaching", "job coaching"), ("Arbeitgeberservice", "employer services"),
    ),
    "vocational-training": (
        ("Ausbildung", "vocational training"), ("Einstiegsqualifizierung", "entry qualification"),
        ("Ausbildungsbegleitung", "apprenticeship support"),
        ("duale Ausbildung", "dual vocational training"), ("Berufsorientierung", "career guidance"),
    ),
    "language": (
        ("Sprachkurs mit Kinderbetreuung", "language course with childcare"),
        ("Integrationskurs", "integration course"),
        ("Berufssprachkurs", "vocational language course"),
        ("Sprachförderung", "language support"),
        ("Deutsch als Zweitsprache", "German as a second language"),
    ),
    "education": (
        ("Bildungsberatung", "educational counselling"), ("Elternbildung", "parent education"),
        ("Schulintegration", "school integration"),
        ("Bildungskoordination für Neuzugewanderte", "education coordination for new immigrants"),
        ("frühkindliche Bildung", "early childhood education"),
    ),
    "business": (
        ("Gründungsberatung", "start-up advice"), ("Migrantenökonomie", "migrant economy"),
        ("Unternehmensnachfolge", "business succession"), ("Mikrokredit", "microcredit"),
        ("Existenzgründung", "business start-up"),
    ),
    "participation": (
        ("Teilhabe", "participation"), ("Integrationsrat", "integration council"),
        ("Migrationsbeirat", "migration advisory council"),
        ("politische Partizipation", "political participation"), ("Empowerment", "empowerment"),
    ),
    "intercultural-opening": (
        ("interkulturelle Öffnung (IKÖ)", "intercultural opening"),
        ("interkulturelle Kompetenz", "intercultural competence"),
        ("Diversity-Management", "diversity management"),
        ("Fortbildung für Verwaltungsmitarbeitende", "training for administrative staff"),
    ),
    "networking": (
        ("Vernetzung", "networking"), ("Netzwerkarbeit", "network activities"),
        ("Runder Tisch", "round table"), ("Kooperationsvereinbarung", "cooperation agreement"),
        ("Fachaustausch", "expert exchange"),
    ),
    "development": (
        ("Migration und Entwicklung", "migration and development"),
        ("Diasporaengagement", "diaspora engagement"),
        ("kommunale Entwicklungspolitik", "municipal development policy"),
        ("Projektpartnerschaft", "project partnership"), ("SKEW", "SKEW"),
    ),
    "housing": (
        ("Wohnraumvermittlung", "housing placement"), ("Wohnungssuche", "finding a flat"),
        ("Wohnraumlotsen", "housing guides"), ("Mietberatung", "tenancy advice"),
        ("Gemeinschaftsunterkunft", "shared accommodation"),
    ),
    "health": (
        ("Gesundheitslotsen", "health guides"),
        ("psychosoziale Beratung", "psychosocial counselling"),
        ("Gesundheitsinformation in der Muttersprache", "health information in the mother tongue"),
        ("Sprach- und Kulturmittlung", "language and cultural mediation"), ("Pflege", "care"),
    ),
    "counselling": (
        ("Migrationsberatung für Erwachsene (MBE)", "migration counselling for adults (MBE)"),
        ("Jugendmigrationsdienst (JMD)", "youth migration service (JMD)"),
        ("Sozialberatung", "social counselling"), ("Case Management", "case management"),
        ("Verweisberatung", "referral counselling"),
    ),
    "anti-discrimination": (
        ("Antidiskriminierungsberatung", "anti-discrimination counselling"),
        ("Antirassismus-Training", "anti-racism training"),
        ("Beschwerdestelle", "complaints office"),
        ("Diskriminierungsschutz", "protection against discrimination"),
        ("Empowerment-Workshops", "empowerment workshops"),
    ),
    "recognition": (
        ("Anerkennungsberatung", "recognition counselling"),
        ("Anerkennungszuschuss", "recognition grant"),
        ("Gleichwertigkeitsprüfung", "equivalence assessment"),
        ("Anpassungsqualifizierung", "adaptation training"),
        ("Anerkennung ausländischer Berufsabschlüsse", "recognition of foreign qualifications"),
    ),
    "refugees": (
        ("Flüchtlingshilfe", "refugee aid"), ("Erstorientierung", "initial orientation"),
        ("Willkommenslotsen", "welcome guides"),
        ("Asylverfahrensberatung", "asylum procedure counselling"),
        ("Patenschaften", "mentoring partnerships"),
    ),
    "qualification": (
        ("Nachqualifizierung", "further qualification"), ("Weiterbildung", "further training"),
        ("Teilqualifizierung", "partial qualification"), ("Brückenmaßnahme", "bridging course"),
        ("Qualifizierungsmaßnahme", "qualification measure"),
    ),
}

ABBREVIATIONS: tuple[str, ...] = (
    "KIM", "IQ", "MO", "AMIF", "ESF Plus", "BAMF", "MBE", "JMD", "KI", "IKÖ", "VHS", "HWK",
    "IHK", "SKEW", "BA",
)

# Noun phrases for sentence slots -----------------------------------------------------

GROUP_PHRASES: tuple[tuple[str, str], ...] = (
    ("Geflüchtete", "refugees"), ("neu zugewanderte Menschen", "newly arrived immigrants"),
    ("Migrant*innen", "migrants"), ("Migrantenorganisationen (MO)", "migrant organisations (MOs)"),
    ("Unternehmen und Betriebe", "companies and businesses"),
    ("Fachkräfte aus dem Ausland", "skilled workers from abroad"),
    ("junge Menschen mit Migrationsgeschichte", "young people with a migration history"),
    ("Frauen mit Fluchterfahrung", "women who have fled their countries"),
    ("Ehrenamtliche", "volunteers"), ("Mitarbeitende der Kommunalverwaltung", "municipal staff"),
    ("Migrantenunternehmer*innen", "migrant entrepreneurs"),
    ("Eltern mit kleinen Kindern", "parents with young children"),
    ("Zugewanderte aus der Ukraine", "people who came from Ukraine"),
    ("Studierende mit internationaler Geschichte", "international students"),
)

ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("der Anerkennung ausländischer Berufsabschlüsse", "the recognition of foreign qualifications"),
    ("der Suche nach einem Ausbildungsplatz", "the search for an apprenticeship"),
    ("dem Einstieg in den Arbeitsmarkt", "entering the labour market"),
    ("der Wohnungssuche", "finding a flat"), ("Behördengängen", "dealing with public authorities"),
    ("der Gründung eines eigenen Unternehmens", "starting their own business"),
    ("dem Spracherwerb", "learning German"),
    ("Fragen zum Aufenthaltsrecht", "residence law questions"),
    ("der Vereinsarbeit", "running their associations"),
    ("der Beantragung von Fördermitteln", "applying for funding"),
    ("der Kita- und Schulanmeldung", "registering for day care and school"),
    ("dem Zugang zur Gesundheitsversorgung", "accessing health care"),
)

PARTNERS: tuple[tuple[str, str], ...] = (
    ("dem Jobcenter", "the job centre"), ("der Agentur für Arbeit", "the employment agency"),
    ("der Ausländerbehörde", "the immigration office"),
    ("der Handwerkskammer (HWK)", "the chamber of crafts (HWK)"),
    ("der IHK", "the chamber of commerce (IHK)"),
    ("der Volkshochschule (VHS)", "the adult education centre (VHS)"),
    ("Migrantenorganisationen", "migrant organisations"),
    ("den Wohlfahrtsverbänden", "the welfare associations"),
    ("dem Kommunalen Integrationszentrum (KI)", "the municipal integration centre (KI)"),
    ("Schulen und Kitas", "schools and day-care centres"),
    ("dem IQ Netzwerk", "the IQ network"), ("dem Integrationsrat", "the integration council"),
)

METHODS: tuple[tuple[str, str], ...] = (
    ("Einzelgespräche", "one-to-one meetings"), ("Gruppenangebote", "group sessions"),
    ("Workshops", "workshops"), ("Mentoring-Tandems", "mentoring tandems"),
    ("offene Sprechstunden", "drop-in consultation hours"),
    ("Qualifizierungsmodule", "training modules"), ("Fachveranstaltungen", "expert events"),
    ("Hausbesuche", "home visits"), ("Infoabende", "information evenings"),
    ("digitale Beratungstermine", "online counselling sessions"),
)

FUNDS: tuple[tuple[str, str], ...] = (
    ("des Asyl-, Migrations- und Integrationsfonds (AMIF)",
     "the Asylum, Migration and Integration Fund (AMIF)"),
    ("des Europäischen Sozialfonds Plus (ESF Plus)", "the European Social Fund Plus (ESF Plus)"),
    ("des Förderprogramms „Integration durch Qualifizierung (IQ)“",
     "the \"Integration through Qualification (IQ)\" programme"),
    ("des Bundesamts für Migration und Flüchtlinge (BAMF)",
     "the Federal Office for Migration and Refugees (BAMF)"),
    ("des Landesprogramms Kommunales Integrationsmanagement (KIM)",
     "the state programme for municipal integration management (KIM)"),
    ("der Stadt und einer Bürgerstiftung", "the city and a community foundation"),
)

LANGS: tuple[tuple[str, str], ...] = (
    ("Türkisch", "Turkish"), ("Arabisch", "Arabic"),
    ("Ukrainisch", "Ukrainian"), ("Russisch", "Russian"), ("Farsi", "Farsi"),
    ("Polnisch", "Polish"), ("Griechisch", "Greek"), ("Tigrinya", "Tigrinya"),
    ("Vietnamesisch", "Vietnamese"), ("Somali", "Somali"),
    ("Französisch", "French"), ("Kurmandschi", "Kurmanji"), ("Dari", "Dari"),
)

# Sentence templates: slots {kw} {kw2} {grp} {Grp} {act} {partner} {method} {fund}
# {lang1} {lang2} {past} {future} {n} {pct}
SENTENCES: tuple[tuple[str, str], ...] = (
    ("Ein Schwerpunkt der Arbeit liegt auf dem Thema {kw}, ein weiterer auf dem Thema {kw2}.",
     "One focus of the work is {kw}, another is {kw2}."),
    ("Im Bereich {kw} arbeitet das Team eng mit {partner} zusammen.",
     "In the field of {kw}, the team works closely with {partner}."),
    ("Das Angebot zum Thema {kw} richtet sich an {grp} und ist kostenfrei.",
     "The offer on {kw} is aimed at {grp} and is free of charge."),
    ("Seit {past} begleitet das Team {grp} bei {act}.",
     "Since {past}, the team has been supporting {grp} with {act}."),
    ("Gemeinsam mit {partner} werden {method} angeboten, zum Beispiel zum Thema {kw}.",
     "Together with {partner}, {method} are offered, for example on {kw}."),
    ("Die Beratung findet auf Deutsch, {lang1} und {lang2} statt.",
     "Counselling is available in German, {lang1} and {lang2}."),
    ("Im Jahr {past} wurden rund {n} Personen erreicht, davon etwa {pct} Prozent Frauen.",
     "In {past}, around {n} people were reached, about {pct} per cent of them women."),
    ("Termine für {method} zum Thema {kw} können telefonisch oder per E-Mail vereinbart werden.",
     "Appointments for {method} on {kw} can be made by phone or e-mail."),
    ("Besonders gefragt sind Angebote zu den Themen {kw} und {kw2}.",
     "Offers on {kw} and {kw2} are particularly in demand."),
    ("Grundlage ist eine {past} geschlossene Kooperationsvereinbarung mit {partner}.",
     "It is based on a cooperation agreement concluded with {partner} in {past}."),
    ("Die Nachfrage im Bereich {kw} ist seit {past} deutlich gestiegen.",
     "Demand for {kw} has risen significantly since {past}."),
    ("{Grp} erhalten hier Orientierung zum Thema {kw} und zu Fragen des Alltags.",
     "{Grp} receive guidance on {kw} and on everyday questions."),
    ("Ziel ist es, {grp} nachhaltig bei {act} zu unterstützen.",
     "The aim is to give {grp} lasting support with {act}."),
    ("Seit {past} wird die Arbeit aus Mitteln {fund} finanziert.",
     "Since {past}, the work has been funded by {fund}."),
    ("Wer Fragen zum Thema {kw} hat, kann die offene Sprechstunde nutzen, auch auf {lang1}.",
     "Anyone with questions about {kw} can use the drop-in consultation hours, also in {lang1}."),
    ("Für {grp} gibt es zusätzlich {method} in den Stadtteilen.",
     "There are also {method} in the neighbourhoods for {grp}."),
    ("Zum Thema {kw} informieren regelmäßig {method} in Kooperation mit {partner}.",
     "Regular {method} with {partner} provide information about {kw}."),
    ("Die Mitarbeitenden sprechen unter anderem {lang1}, {lang2} und Englisch.",
     "The staff speak {lang1}, {lang2} and English, among other languages."),
    ("Bis {future} sollen die Strukturen im Bereich {kw} gemeinsam mit {partner} "
     "dauerhaft verankert werden.",
     "By {future}, the structures for {kw} are to be firmly established together with "
     "{partner}."),
    ("Rückmeldungen von {partner} zeigen, dass vor allem Angebote im Bereich {kw} weiterhelfen.",
     "Feedback from {partner} shows that offers on {kw} are especially helpful."),
    ("Die Koordination liegt bei {partner}; beteiligt sind außerdem {grp}.",
     "Coordination lies with {partner}; {grp} are also involved."),
    ("Seit {past} kommen viele Teilnehmende über Empfehlungen von {partner}.",
     "Since {past}, many participants have been referred by {partner}."),
    ("Im Herbst {future} ist ein Fachtag zum Thema {kw} mit {partner} geplant.",
     "An expert conference on {kw} with {partner} is planned for autumn {future}."),
    ("Im Jahr {past} haben {n} Personen {method} zum Thema {kw} genutzt.",
     "In {past}, {n} people used {method} on {kw}."),
    # Slot-free sentences: used at most once per body
    ("Die Ergebnisse fließen in das Integrationskonzept der Kommune ein.",
     "The results feed into the municipality's integration strategy."),
    ("Alle Informationen gibt es auch in Leichter Sprache.",
     "All information is also available in plain language."),
    ("Ehrenamtliche Willkommenslotsen und Sprachmittler*innen ergänzen das Angebot.",
     "Volunteer welcome guides and language mediators complement the offer."),
    ("Die Angebote sind barrierearm und auch für Menschen ohne Deutschkenntnisse zugänglich.",
     "The services are low-threshold and open to people who do not yet speak German."),
    ("Eine Kinderbetreuung während der Termine ist nach Absprache möglich.",
     "Childcare during appointments can be arranged."),
    ("Die Teilnahme ist freiwillig und vertraulich.",
     "Participation is voluntary and confidential."),
)

# ---------------------------------------------------------------------------
# Organisations: (German, English, org_kind, level, topics); level city|state|federal
# ---------------------------------------------------------------------------

ORG_TEMPLATES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Kommunales Integrationszentrum {c}", "Municipal Integration Centre {c}", "authority", "city",
     ("networking", "education", "counselling")),
    ("Stadt {c} – Amt für Migration und Integration",
     "City of {c} – Office for Migration and Integration", "authority", "city",
     ("participation", "counselling")),
    ("Ausländerbehörde {c}", "Immigration Office {c}", "authority", "city",
     ("refugees", "counselling")),
    ("Jobcenter {c}", "Job Centre {c}", "authority", "city", ("labour-market", "qualification")),
    ("Integrationsbüro {c}", "Integration Office {c}", "authority", "city",
     ("participation", "networking")),
    ("Büro der Integrationsbeauftragten {c}", "Office of the Integration Commissioner {c}",
     "authority", "city", ("participation", "anti-discrimination")),
    ("Agentur für Arbeit {c}", "Employment Agency {c}", "authority", "city",
     ("labour-market", "vocational-training")),
    ("Sozialreferat {c} – Stelle für interkulturelle Arbeit",
     "Social Services Department {c} – Office for Intercultural Work", "authority", "city",
     ("intercultural-opening", "participation")),
    ("Ministerium für Soziales und Integration {s}",
     "Ministry of Social Affairs and Integration {s}",
     "authority", "state", ("participation", "refugees")),
    ("Landesbeauftragte für Migration und Integration {s}",
     "State Commissioner for Migration and Integration {s}", "authority", "state",
     ("participation", "anti-discrimination")),
    ("Caritasverband {c} e.V.", "Caritas Association {c}", "association", "city",
     ("counselling", "refugees")),
    ("Diakonisches Werk {c}", "Diakonie {c}", "association", "city", ("counselling", "housing")),
    ("AWO Kreisverband {c} e.V.", "AWO District Association {c}", "association", "city",
     ("counselling", "education")),
    ("Deutsch-Türkischer Kulturverein {c} e.V.", "German-Turkish Cultural Association {c}",
     "association", "city", ("participation", "education")),
    ("Verbund der Migrantenorganisationen {c} (VMO)", "Federation of Migrant Organisations {c}",
     "association", "city", ("participation", "networking")),
    ("Flüchtlingsrat {s} e.V.", "Refugee Council {s}", "association", "state",
     ("refugees", "anti-discrimination")),
    ("Griechische Gemeinde {c} e.V.", "Greek Community {c}", "association", "city",
     ("participation", "education")),
    ("Polnischer Sozialrat {c} e.V.", "Polish Social Council {c}", "association", "city",
     ("counselling", "labour-market")),
    ("Arabisches Frauennetzwerk {c} e.V.", "Arab Women's Network {c}", "association", "city",
     ("participation", "health")),
    ("Arbeitskreis Asyl {c} e.V.", "Asylum Working Group {c}", "association", "city",
     ("refugees", "housing")),
    ("Bürgerstiftung {c}", "Community Foundation {c}", "foundation", "city",
     ("participation", "education")),
    ("Stiftung Integration und Teilhabe {s}", "Integration and Participation Foundation {s}",
     "foundation", "state", ("participation", "education")),
    ("IQ Netzwerk {s}", "IQ Network {s}", "network", "state", ("recognition", "qualification")),
    ("Netzwerk Migrantenökonomie {c}", "Migrant Economy Network {c}", "network", "city",
     ("business", "networking")),
    ("Bündnis für Integration {c}", "Alliance for Integration {c}", "network", "city",
     ("networking", "participation")),
    ("Runder Tisch Integration {c}", "Round Table on Integration {c}", "network", "city",
     ("networking",)),
    ("Institut für Migrationsforschung {c}", "Institute for Migration Research {c}", "research",
     "city", ("development", "education")),
    ("Forschungsstelle Interkulturelle Studien der Universität {c}",
     "Research Unit for Intercultural Studies, University of {c}", "research", "city",
     ("intercultural-opening", "education")),
    ("Bildungswerk {c} gGmbH", "Bildungswerk {c} (non-profit training provider)", "company",
     "city", ("qualification", "language")),
    ("Sprachschule Lingua {c} GmbH", "Lingua Language School {c}", "company", "city",
     ("language",)),
    ("Brücke Personaldienstleistungen {c} GmbH", "Brücke Staffing Services {c}", "company", "city",
     ("labour-market",)),
    ("Handwerkskammer {c}", "Chamber of Crafts {c}", "other", "city",
     ("vocational-training", "labour-market")),
    ("Industrie- und Handelskammer {c} (IHK)", "Chamber of Industry and Commerce {c} (IHK)",
     "other", "city", ("vocational-training", "recognition")),
    ("Volkshochschule {c} (VHS)", "Adult Education Centre {c} (VHS)", "other", "city",
     ("language", "education")),
    ("Migrationsbeirat {c}", "Migration Advisory Council {c}", "other", "city",
     ("participation",)),
    ("BAMF – Regionalstelle {c}", "BAMF – Regional Office {c}", "authority", "city",
     ("language", "refugees")),
    ("Bundesverband der Netzwerke von Migrantenorganisationen",
     "Federal Association of Migrant Organisation Networks", "association", "federal",
     ("participation", "networking")),
    ("Servicestelle Kommunen in der Einen Welt (SKEW)", "Service Agency Communities in One World",
     "network", "federal", ("development", "networking")),
    ("Bundesweite Koordinierungsstelle Anerkennung", "National Coordination Office Recognition",
     "other", "federal", ("recognition",)),
)

# Projects: (German, English, topics, target groups)
PROJECT_TEMPLATES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Willkommenslotsen im Handwerk {c}", "Welcome Guides in the Crafts Sector {c}",
     ("labour-market", "vocational-training"), ("employers", "refugees")),
    ("Sprachkurs mit Kinderbetreuung {c}", "Language Course with Childcare {c}",
     ("language",), ("women", "new-immigrants")),
    ("Stadtteilmütter {c}", "Neighbourhood Mothers {c}", ("education", "participation"),
     ("women", "migrants")),
    ("Anerkennungsberatung {c}", "Recognition Counselling {c}", ("recognition", "counselling"),
     ("skilled-workers", "new-immigrants")),
    ("Case Management im KIM {c}", "Case Management in KIM {c}", ("counselling", "networking"),
     ("refugees", "new-immigrants")),
    ("Durchstarten in Ausbildung und Arbeit {c}", "Getting Started in Training and Work {c}",
     ("vocational-training", "labour-market"), ("refugees", "youth")),
    ("Gesundheitslotsen {c}", "Health Guides {c}", ("health",), ("migrants", "refugees")),
    ("Wohnraumlotsen {c}", "Housing Guides {c}", ("housing",), ("refugees",)),
    ("Rucksack Kita {c}", "Rucksack Day-Care {c}", ("education", "language"),
     ("migrants", "women")),
    ("Interkulturelle Öffnung der Stadtverwaltung {c}",
     "Intercultural Opening of the City Administration {c}", ("intercultural-opening",),
     ("administration",)),
    ("Ausbildungsverbund Pflege {c}", "Care Training Network {c}",
     ("vocational-training", "health"), ("refugees", "employers")),
    ("Mentoring für Migrantenunternehmen {c}", "Mentoring for Migrant Businesses {c}",
     ("business",), ("migrant-entrepreneurs",)),
    ("Gründungsberatung für Migrant*innen {c}", "Start-up Advice for Migrants {c}",
     ("business", "counselling"), ("migrant-entrepreneurs",)),
    ("Stark im Beruf {c}", "Strong at Work {c}", ("labour-market",), ("women",)),
    ("Diaspora-Dialog {c}", "Diaspora Dialogue {c}", ("development", "networking"),
     ("migrant-organisations",)),
    ("Empowerment für Migrantenorganisationen {c}", "Empowerment for Migrant Organisations {c}",
     ("participation", "networking"), ("migrant-organisations", "volunteers")),
    ("Antidiskriminierungsberatung {c}", "Anti-discrimination Counselling {c}",
     ("anti-discrimination", "counselling"), ("migrants",)),
    ("Patenschaften für Geflüchtete {c}", "Mentoring Partnerships for Refugees {c}",
     ("refugees",), ("refugees", "volunteers")),
    ("Berufssprachkurse Pflege und Handwerk {c}",
     "Vocational Language Courses for Care and Crafts {c}", ("language", "qualification"),
     ("skilled-workers",)),
    ("Brückenmaßnahme für Akademiker*innen {c}", "Bridging Programme for Graduates {c}",
     ("qualification", "recognition"), ("skilled-workers",)),
    ("Integrationslotsen im Quartier {c}", "Neighbourhood Integration Guides {c}",
     ("participation", "refugees"), ("volunteers", "refugees")),
    ("Fachkräftesicherung durch Zuwanderung {c}", "Securing Skilled Labour through Immigration {c}",
     ("labour-market", "recognition"), ("employers", "skilled-workers")),
    ("Jugend stärken – Übergang Schule–Beruf {c}",
     "Strengthening Youth – School-to-Work Transition {c}",
     ("vocational-training", "education"), ("youth",)),
    ("Demokratiewerkstatt {c}", "Democracy Workshop {c}", ("participation", "anti-discrimination"),
     ("youth", "migrants")),
    ("Interkulturelle Fortbildungsreihe für Bezirksausschüsse {c}",
     "Intercultural Training Series for District Councils {c}", ("intercultural-opening",),
     ("district-councils",)),
    ("Kommunale Entwicklungspartnerschaft {c}", "Municipal Development Partnership {c}",
     ("development",), ("municipalities", "ngos")),
    ("Begegnungscafé International {c}", "International Meeting Café {c}",
     ("participation", "language"), ("new-immigrants", "volunteers")),
)

# Programmes: (German, English, funding kinds, level, topics, eligible)
PROGRAMME_TEMPLATES: tuple[
    tuple[str, str, tuple[str, ...], str, tuple[str, ...], tuple[str, ...]], ...
] = (
    ("Asyl-, Migrations- und Integrationsfonds (AMIF) – Förderaufruf {y}",
     "Asylum, Migration and Integration Fund (AMIF) – Call {y}", ("grant",), "federal",
     ("refugees", "participation"), ("ngos", "municipalities")),
    ("ESF Plus – Integration in Arbeit {y}", "ESF Plus – Integration into Work {y}",
     ("grant", "qualification"), "federal", ("labour-market", "qualification"),
     ("ngos", "employers")),
    ("Integration durch Qualifizierung (IQ) – Förderrunde {y}",
     "Integration through Qualification (IQ) – Funding Round {y}",
     ("advice", "qualification", "network"), "federal", ("recognition", "qualification"),
     ("skilled-workers", "ngos")),
    ("Strukturförderung für Migrantenorganisationen {y}",
     "Structural Funding for Migrant Organisations {y}", ("grant", "advice"), "federal",
     ("participation", "networking"), ("migrant-organisations",)),
    ("Anerkennungszuschuss {y}", "Recognition Grant {y}", ("grant",), "federal",
     ("recognition",), ("skilled-workers", "new-immigrants")),
    ("Mikromezzaninfonds {y}", "Micro-Mezzanine Fund {y}", ("loan",), "federal", ("business",),
     ("migrant-entrepreneurs",)),
    ("Kommunales Integrationsmanagement (KIM) {s}", "Municipal Integration Management (KIM) {s}",
     ("grant",), "state", ("counselling", "networking"), ("municipalities", "administration")),
    ("Landesprogramm Integrationslotsen {s}", "State Programme Integration Guides {s}",
     ("grant",), "state", ("refugees", "participation"), ("volunteers", "ngos")),
    ("Härtefallfonds Anerkennung {s}", "Hardship Fund Recognition {s}", ("grant",), "state",
     ("recognition",), ("skilled-workers", "refugees")),
    ("Qualifizierungsprogramm Sprach- und Kulturmittlung {s}",
     "Training Programme Language and Cultural Mediation {s}", ("qualification",), "state",
     ("health", "language"), ("migrants", "volunteers")),
    ("Partizipations- und Integrationsprogramm {s}", "Participation and Integration Programme {s}",
     ("grant",), "state", ("participation",), ("migrant-organisations", "ngos")),
    ("Integrationsfonds {c}", "Integration Fund {c}", ("grant",), "city",
     ("participation", "networking"), ("ngos", "migrant-organisations")),
    ("Engagementfonds Flüchtlingshilfe {c}", "Refugee Aid Engagement Fund {c}", ("grant",), "city",
     ("refugees",), ("volunteers", "ngos")),
    ("Preis für Migrantenökonomie {c}", "Migrant Economy Award {c}", ("award",), "city",
     ("business",), ("migrant-entrepreneurs",)),
    ("Kleinprojektefonds Integration {c}", "Small Projects Fund Integration {c}", ("grant",),
     "city", ("participation",), ("migrant-organisations", "volunteers")),
    ("Stipendienprogramm Anerkennung {c}", "Recognition Scholarship Programme {c}", ("grant",),
     "city", ("recognition", "qualification"), ("skilled-workers", "women")),
    ("Mikrokredit für Gründer*innen {c}", "Microcredit for Founders {c}", ("loan", "advice"),
     "city", ("business",), ("migrant-entrepreneurs", "women")),
    ("Netzwerkförderung Migration und Entwicklung {y}",
     "Network Funding Migration and Development {y}", ("network", "advice"), "federal",
     ("development", "networking"), ("municipalities", "district-councils")),
    ("Beratungsprogramm Interkulturelle Öffnung {c}",
     "Advisory Programme Intercultural Opening {c}",
     ("advice",), "city", ("intercultural-opening",), ("administration", "employers")),
    ("Förderpreis Zusammenhalt {c}", "Cohesion Award {c}", ("award",), "city",
     ("participation", "anti-discrimination"), ("youth", "volunteers")),
    ("Starthilfe Ausbildung {c}", "Apprenticeship Start-up Aid {c}", ("grant", "other"), "city",
     ("vocational-training",), ("youth", "employers")),
    ("Wohnraumprogramm für Geflüchtete {s}", "Housing Programme for Refugees {s}",
     ("grant", "other"), "state", ("housing",), ("municipalities", "refugees")),
)

# Contact positions: (male form, female form, English, topic)
POSITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Leiter des Kommunalen Integrationszentrums", "Leiterin des Kommunalen Integrationszentrums",
     "Head of the Municipal Integration Centre", "networking"),
    ("Integrationsbeauftragter", "Integrationsbeauftragte", "Integration Commissioner",
     "participation"),
    ("Sachbearbeiter Anerkennungsberatung", "Sachbearbeiterin Anerkennungsberatung",
     "Recognition Counselling Officer", "recognition"),
    ("Case Manager im Kommunalen Integrationsmanagement (KIM)",
     "Case Managerin im Kommunalen Integrationsmanagement (KIM)",
     "Case Manager, Municipal Integration Management (KIM)", "counselling"),
    ("Projektkoordinator", "Projektkoordinatorin", "Project Coordinator", "networking"),
    ("Referent für Migrantenorganisationen", "Referentin für Migrantenorganisationen",
     "Officer for Migrant Organisations", "participation"),
    ("Willkommenslotse", "Willkommenslotsin", "Welcome Guide", "labour-market"),
    ("Geschäftsführer", "Geschäftsführerin", "Managing Director", "networking"),
    ("Bildungskoordinator für Neuzugewanderte", "Bildungskoordinatorin für Neuzugewanderte",
     "Education Coordinator for New Immigrants", "education"),
    ("Berater in der Migrationsberatung für Erwachsene (MBE)",
     "Beraterin in der Migrationsberatung für Erwachsene (MBE)",
     "Adviser, Migration Counselling for Adults (MBE)", "counselling"),
    ("Mitarbeiter im Jugendmigrationsdienst (JMD)", "Mitarbeiterin im Jugendmigrationsdienst (JMD)",
     "Youth Migration Service (JMD) Worker", "counselling"),
    ("Gründungsberater", "Gründungsberaterin", "Start-up Adviser", "business"),
    ("Sprach- und Kulturmittler", "Sprach- und Kulturmittlerin", "Language and Cultural Mediator",
     "health"),
    ("Referent für interkulturelle Öffnung", "Referentin für interkulturelle Öffnung",
     "Officer for Intercultural Opening", "intercultural-opening"),
    ("Teamleiter Integration und Migration", "Teamleiterin Integration und Migration",
     "Team Leader, Integration and Migration", "participation"),
    ("Vorsitzender des Integrationsrats", "Vorsitzende des Integrationsrats",
     "Chair of the Integration Council", "participation"),
    ("Ehrenamtskoordinator", "Ehrenamtskoordinatorin", "Volunteer Coordinator", "refugees"),
    ("Wissenschaftlicher Mitarbeiter", "Wissenschaftliche Mitarbeiterin", "Research Associate",
     "development"),
    ("Förderreferent", "Förderreferentin", "Funding Officer", "development"),
    ("Gesundheitslotse", "Gesundheitslotsin", "Health Guide", "health"),
    ("Antidiskriminierungsberater", "Antidiskriminierungsberaterin", "Anti-discrimination Adviser",
     "anti-discrimination"),
    ("Arbeitsvermittler im Jobcenter", "Arbeitsvermittlerin im Jobcenter",
     "Job Placement Officer, Job Centre", "labour-market"),
    ("Wohnraumlotse", "Wohnraumlotsin", "Housing Guide", "housing"),
    ("Ausbildungsberater der Handwerkskammer", "Ausbildungsberaterin der Handwerkskammer",
     "Apprenticeship Adviser, Chamber of Crafts", "vocational-training"),
    ("Qualifizierungsberater im IQ Netzwerk", "Qualifizierungsberaterin im IQ Netzwerk",
     "Qualification Adviser, IQ Network", "qualification"),
    ("Lehrkraft für Deutsch als Zweitsprache", "Lehrkraft für Deutsch als Zweitsprache",
     "Teacher of German as a Second Language", "language"),
)

# Responsibilities: (German, English, topic)
RESPONSIBILITIES: tuple[tuple[str, str, str], ...] = (
    ("Kommunales Integrationsmanagement", "Municipal integration management", "counselling"),
    ("Kooperation mit Unternehmen", "Cooperation with companies", "labour-market"),
    ("Anerkennung ausländischer Berufsabschlüsse", "Recognition of foreign qualifications",
     "recognition"),
    ("Sprachkurse mit Kinderbetreuung", "Language courses with childcare", "language"),
    ("Förderung von Migrantenorganisationen", "Support for migrant organisations",
     "participation"),
    ("Ausbildungsplatzvermittlung", "Apprenticeship placement", "vocational-training"),
    ("Gründungsberatung für Migrant*innen", "Start-up advice for migrants", "business"),
    ("Wohnraumvermittlung für Geflüchtete", "Housing placement for refugees", "housing"),
    ("Gesundheitslotsen und Sprachmittlung", "Health guides and language mediation", "health"),
    ("Antidiskriminierungsberatung", "Anti-discrimination counselling", "anti-discrimination"),
    ("Interkulturelle Fortbildungen für die Verwaltung", "Intercultural training for staff",
     "intercultural-opening"),
    ("Netzwerk- und Gremienarbeit", "Networks and committees", "networking"),
    ("Fördermittelberatung", "Advice on funding", "development"),
    ("Ehrenamtskoordination", "Volunteer coordination", "refugees"),
    ("Migration und Entwicklung", "Migration and development", "development"),
    ("Elternarbeit und Bildungsberatung", "Parent work and educational counselling", "education"),
    ("Qualifizierungsberatung", "Qualification counselling", "qualification"),
    ("Case Management", "Case management", "counselling"),
    ("Aufenthaltsrechtliche Fragen", "Residence law questions", "refugees"),
    ("Integrationskurse", "Integration courses", "language"),
    ("Beschäftigung von Geflüchteten", "Employment of refugees", "labour-market"),
    ("Teilqualifizierungen im Handwerk", "Partial qualifications in the crafts",
     "qualification"),
    ("Migrantenökonomie", "Migrant economy", "business"),
    ("Integrationsrat und Migrationsbeirat", "Integration and migration councils",
     "participation"),
)

EMAIL_DOMAINS: tuple[str, ...] = ("example.org", "example.com", "example.net")
MOBILE_PREFIXES: tuple[str, ...] = ("0151", "0152", "0160", "0162", "0170", "0171", "0176", "0179")

# Query workload material
QUERY_EXTRA_DE: tuple[str, ...] = (
    "Ansprechpartner", "Ansprechpartnerin", "Förderung", "Beratung", "Projekt", "Zuschuss",
    "Frist", "Antrag", "Kontakt", "zuständig", "Programm", "Netzwerk", "Preis", "kostenlos",
)
QUERY_EXTRA_EN: tuple[str, ...] = (
    "contact", "funding", "advice", "project", "grant", "deadline", "application", "network",
    "award", "free", "programme",
)
