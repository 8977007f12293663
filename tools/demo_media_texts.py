"""The words of the demo's pictures and materials, written for the demo in each practice's
language: what each drawing shows (its arguments), its alt text (and a translation's),
and the text of each leaflet, plan or form. Read by ``tools/build_demo_media.py``.

A paragraph starting with ``- `` is an item of a list.
"""

# The en dashes are the typography of these languages, not a mistaken hyphen:
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

#: slug -> pictures (file, drawing, its arguments, alt, {translation's lang: alt}) and
#: documents (file, title, paragraphs).
DEMOS: dict[str, dict[str, Any]] = {
    "pl-lodz-klub-konwersacyjny-dla-ukrainek": {
        "pictures": [
            (
                "stol-rozmow.png",
                "table",
                (["Olena", "Iryna", "Kasia", "Natalia", "Oksana", "Marta"],),
                "Rysunek: sześć krzeseł wokół okrągłego stołu z filiżankami herbaty, "
                "czajnikiem i kartkami z imionami uczestniczek.",
                {
                    "en": "Drawing: six chairs around a round table with cups of tea, a "
                    "teapot and cards with the participants' names."
                },
            ),
            (
                "plakat-klubu.png",
                "poster",
                ("Klub rozmów", ["Każda środa, 10:00", "Opieka nad dziećmi obok", "Bez zapisów"]),
                "Plakat klubu na tablicy ogłoszeń: środa o 10:00, opieka nad dziećmi w "
                "sąsiedniej sali, bez zapisów.",
                {
                    "en": "The club's poster on a notice board: Wednesdays at 10:00, "
                    "childcare in the room next door, no sign-up."
                },
            ),
        ],
        "documents": [
            (
                "plan-pierwszego-spotkania.pdf",
                "Plan pierwszego spotkania",
                [
                    "Spotkanie trwa 90 minut. Wolontariuszka prowadzi rozmowę, druga "
                    "opiekuje się dziećmi w sąsiedniej sali.",
                    "- 10:00 Herbata i przedstawienie się: imię, skąd jestem, co lubię.",
                    "- 10:20 Rozmowa w parach: moja dzielnica, moje zakupy, mój dzień.",
                    "- 10:50 Słowa tygodnia zapisane na tablicy, każda zabiera kartkę.",
                    "- 11:15 Co chcemy ćwiczyć następnym razem? Zapisujemy tematy.",
                    "Nie poprawiamy każdego błędu: najważniejsze, żeby wszystkie mówiły.",
                ],
            )
        ],
    },
    "fr-lyon-ateliers-conversation-francais": {
        "pictures": [
            (
                "affiche-atelier.png",
                "poster",
                (
                    "Atelier de conversation",
                    ["Chaque mardi, 18 h", "Gratuit, sans inscription", "Tous niveaux"],
                    "#3d7a55",
                ),
                "Affiche de l'atelier sur un panneau : chaque mardi à 18 h, gratuit, "
                "sans inscription, tous niveaux.",
                {
                    "en": "The workshop's poster on a board: every Tuesday at 6 pm, free, "
                    "no sign-up, all levels."
                },
            )
        ],
        "documents": [
            (
                "fiche-benevoles.pdf",
                "Fiche pour les bénévoles animateurs",
                [
                    "Un atelier réunit six à dix personnes autour d'une table pendant une heure.",
                    "- Accueillez chacun par son prénom et présentez le thème du jour.",
                    "- Laissez parler : visez deux tiers de la parole pour les participants.",
                    "- Notez au tableau les mots nouveaux, sans interrompre les phrases.",
                    "- Terminez par une question pour la semaine suivante.",
                    "Thèmes qui marchent : le marché, le médecin, l'école des enfants, la "
                    "recherche d'un logement, les fêtes de chez soi.",
                ],
            )
        ],
    },
    "de-berlin-sprachcafe-stadtteilbibliothek": {
        "pictures": [
            (
                "sprachcafe-plakat.png",
                "poster",
                ("Sprachcafé", ["Donnerstag, 15–17 Uhr", "Ohne Anmeldung", "Kaffee und Tee"]),
                "Plakat des Sprachcafés an einer Pinnwand: donnerstags von 15 bis 17 Uhr, "
                "ohne Anmeldung, mit Kaffee und Tee.",
                {
                    "en": "The language café's poster on a pinboard: Thursdays from 3 to "
                    "5 pm, no sign-up, coffee and tea."
                },
            ),
            (
                "tischrunde.png",
                "table",
                (["Amal", "Jonas", "Yusuf", "Petra", "Dilan"], "#bcd3c2"),
                "Zeichnung: fünf Stühle um einen runden Tisch mit Tassen, einer Teekanne "
                "und Namenskarten.",
                {
                    "en": "Drawing: five chairs around a round table with cups, a teapot "
                    "and name cards."
                },
            ),
        ],
        "documents": [
            (
                "gespraechskarten.docx",
                "Gesprächskarten für den ersten Nachmittag",
                [
                    "Drucken Sie die Fragen aus und legen Sie sie umgedreht auf die Tische.",
                    "Wie heißt du, und was bedeutet dein Name?",
                    "Was hast du heute schon gemacht?",
                    "Wo kaufst du gern ein, und warum?",
                    "Welches Essen aus deiner Heimat kochst du oft?",
                    "Was möchtest du in Berlin noch kennenlernen?",
                ],
            )
        ],
    },
    "it-bologna-biblioteca-vivente": {
        "pictures": [
            (
                "pianta-biblioteca-vivente.png",
                "plan",
                (
                    "Biblioteca vivente: la sala",
                    [
                        ("Accoglienza", (80, 140, 420, 400), "#e9c98b"),
                        ("Catalogo", (80, 440, 420, 720), "#bcd3c2"),
                        ("Lettura 1", (480, 140, 800, 400), "#c9d8ec"),
                        ("Lettura 2", (480, 440, 800, 720), "#c9d8ec"),
                        ("Lettura 3", (860, 140, 1120, 720), "#f0c7cf"),
                    ],
                    [(250, 330), (250, 420), (830, 420), (830, 520), (880, 520)],
                ),
                "Pianta della sala: accoglienza e catalogo a sinistra, tre angoli di "
                "lettura per i libri viventi, e il percorso del lettore tra loro.",
                {
                    "en": "Plan of the room: welcome desk and catalogue on the left, three "
                    "reading corners for the living books, and the reader's route between "
                    "them."
                },
            )
        ],
        "documents": [
            (
                "catalogo-libri-viventi.pdf",
                "Modello di catalogo dei libri viventi",
                [
                    "Ogni libro vivente ha una scheda nel catalogo, scritta insieme a lui o a lei.",
                    "- Titolo: una frase che incuriosisce, per esempio «Da Kabul a Bologna in "
                    "bicicletta».",
                    "- Lingue: le lingue in cui il libro può essere letto.",
                    "- Trama: tre righe sulla storia, senza dati che identifichino la persona.",
                    "- Durata del prestito: trenta minuti, un lettore o un piccolo gruppo.",
                    "Regola del prestito: il lettore restituisce il libro nello stesso stato in "
                    "cui l'ha preso, e il libro può chiudersi in qualsiasi momento.",
                ],
            )
        ],
    },
    "lv-riga-latviesu-valodas-klubs-jaunpienacejiem": {
        "pictures": [
            (
                "sarunu-galds.png",
                "table",
                (["Sveiki", "Paldies", "Lūdzu", "Labdien", "Atā", "Jā"], "#c9d8ec"),
                "Zīmējums: seši krēsli ap apaļu galdu ar tējas krūzēm un kartītēm, uz "
                "kurām rakstīti latviešu vārdi, piemēram, „Sveiki” un „Paldies”.",
                {
                    "en": "Drawing: six chairs around a round table with cups of tea and "
                    "cards with Latvian words such as “Sveiki” (hello) and “Paldies” "
                    "(thank you)."
                },
            )
        ],
        "documents": [
            (
                "sarunu-temas.pdf",
                "Sarunu tēmas pirmajiem mēnešiem",
                [
                    "Katrā tikšanās reizē viena tēma, vienkārši jautājumi un jauni vārdi "
                    "uz tāfeles.",
                    "- Iepazīšanās: vārds, valsts, ģimene.",
                    "- Bibliotēka: lasītāja karte, grāmatu paņemšana un nodošana.",
                    "- Apkaime: veikals, aptieka, autobuss, parks.",
                    "- Darbs un mācības: ko es daru, ko es gribu darīt.",
                    "- Svētki: Jāņi, Ziemassvētki un svētki mājās.",
                    "Brīvprātīgie runā lēni un jautā, nevis labo.",
                ],
            )
        ],
    },
    "ro-bucuresti-cursuri-limba-romana-refugiati": {
        "pictures": [
            (
                "afis-curs.png",
                "poster",
                (
                    "Curs de limba română",
                    ["Luni și joi, 17:00", "Trei niveluri", "Gratuit, cu manuale"],
                    "#c8566b",
                ),
                "Afișul cursului pe un panou: luni și joi la ora 17:00, trei niveluri, "
                "gratuit, cu manuale.",
                {
                    "fr": "L'affiche du cours sur un panneau : lundi et jeudi à 17 h, trois "
                    "niveaux, gratuit, manuels fournis."
                },
            )
        ],
        "documents": [
            (
                "fisa-vocabular-biblioteca.odt",
                "Fișă de vocabular: la bibliotecă",
                [
                    "carte – книга – book",
                    "permis de cititor – читацький квиток – library card",
                    "a împrumuta – позичати – to borrow",
                    "a returna – повертати – to return",
                    "raft – полиця – shelf",
                    "Exercițiu: spuneți bibliotecarului ce carte căutați.",
                ],
            )
        ],
    },
    "it-palermo-laboratori-creativi-msna": {
        "pictures": [
            (
                "mostra-finale.png",
                "exhibition",
                ("Mostra finale", ["Fumetto", "Foto", "Racconto", "Mappa"]),
                "Disegno della mostra finale: quattro pannelli appesi in biblioteca, "
                "dedicati a fumetto, foto, racconto e mappa.",
                {
                    "ro": "Desen al expoziției finale: patru panouri agățate în bibliotecă, "
                    "despre benzi desenate, fotografie, povestire și hartă."
                },
            )
        ],
        "documents": [
            (
                "programma-laboratori.pdf",
                "Programma dei dieci laboratori",
                [
                    "Dieci incontri di due ore, il mercoledì pomeriggio, con un educatore "
                    "della comunità.",
                    "- 1–3: fumetto, dalla striscia di tre vignette alla pagina intera.",
                    "- 4–6: fotografia con il telefono, senza ritrarre volti riconoscibili.",
                    "- 7–8: scrittura di un breve racconto nella lingua che si preferisce.",
                    "- 9: scelta delle opere e preparazione dei pannelli.",
                    "- 10: inaugurazione della mostra aperta alla città.",
                ],
            )
        ],
    },
    "ro-suceava-art-workshops-unaccompanied-minors": {
        "pictures": [
            (
                "exhibition-wall.png",
                "exhibition",
                ("Our drawings", ["Home", "Journey", "Friends", "Future"]),
                "Drawing of the exhibition wall: four framed panels titled Home, Journey, "
                "Friends and Future.",
                {
                    "it": "Disegno della parete della mostra: quattro pannelli incorniciati "
                    "intitolati Casa, Viaggio, Amici e Futuro."
                },
            )
        ],
        "documents": [
            (
                "drawing-workshop-outline.pdf",
                "Outline of a drawing workshop",
                [
                    "Two hours, six to ten teenagers, one librarian and one art student.",
                    "- Warm-up: draw your breakfast in one minute, then your street.",
                    "- Main task: a comic strip of three panels about a good day.",
                    "- Share: whoever wants shows their strip; nobody has to.",
                    "Never ask about the journey: some will draw it, most will not.",
                ],
            )
        ],
    },
    "gr-lesvos-mobile-library-reception-centre": {
        "pictures": [
            (
                "mobile-library-van.png",
                "van",
                ("Books in 12 languages",),
                "Drawing of the mobile library: a white van with open shelves of books, "
                "parked beside a tent.",
                {},
            )
        ],
        "documents": [
            (
                "visit-checklist.pdf",
                "Checklist for a visit to a reception centre",
                [
                    "Agree the day and the place with the centre's staff a week ahead.",
                    "- Boxes of books sorted by language, with picture books on top.",
                    "- Mats and cushions for the quiet reading corner.",
                    "- A loan notebook: first name and book only, never a case number.",
                    "- Water, a first-aid kit, and the centre's contact on duty.",
                    "After the visit, note which languages ran out first.",
                ],
            )
        ],
    },
    "lv-liepaja-izbraukuma-biblioteka-pagaidu-dzivesvietas": {
        "pictures": [
            (
                "gramatu-autobuss.png",
                "van",
                ("Grāmatas ukraiņu valodā",),
                "Zīmējums: izbraukuma bibliotēkas busiņš ar atvērtiem grāmatu plauktiem pie telts.",
                {},
            )
        ],
        "documents": [
            (
                "pieteikuma-veidlapa.docx",
                "Bibliotēkas lasītāja pieteikuma veidlapa",
                [
                    "Vārds: ____________________",
                    "Uzvārds: ____________________",
                    "Tālrunis vai e-pasts (nav obligāti): ____________________",
                    "Valodas, kurās vēlaties lasīt: ____________________",
                    "Es piekrītu bibliotēkas lietošanas noteikumiem. Paraksts: __________",
                ],
            )
        ],
    },
    "fr-lille-heure-du-conte-bilingue": {
        "pictures": [
            (
                "coin-des-contes.png",
                "story",
                (("Bonjour", "Привіт"),),
                "Dessin du coin des contes : un tapis rond, des coussins et un album ouvert "
                "où l'on lit « Bonjour » et « Привіт ».",
                {},
            )
        ],
        "documents": [
            (
                "deroule-heure-du-conte.pdf",
                "Déroulé d'une heure du conte bilingue",
                [
                    "Une heure, le samedi à 10 h 30, pour les enfants de 3 à 8 ans et "
                    "leurs parents.",
                    "- Une comptine d'accueil, en français puis dans la langue du jour.",
                    "- L'album lu page par page, une fois en français, une fois par le parent.",
                    "- Les enfants répètent un mot de chaque langue.",
                    "- Un dessin du personnage préféré, affiché ensuite dans l'espace jeunesse.",
                    "Préparez l'album avec le parent lecteur une semaine avant.",
                ],
            )
        ],
    },
    "pl-krakow-dwujezyczne-czytanie-bajek": {
        "pictures": [
            (
                "kacik-bajek.png",
                "story",
                (("Bajka", "Казка"),),
                "Rysunek kącika bajek: okrągły dywan, poduszki i otwarta książka z "
                "napisami „Bajka” i „Казка”.",
                {},
            )
        ],
        "documents": [
            (
                "karta-zabaw-plastycznych.pdf",
                "Karta zabaw plastycznych po bajce",
                [
                    "Po przeczytaniu bajki dzieci przez 20 minut rysują i wycinają.",
                    "- Narysuj bohatera bajki i podpisz go po polsku i po ukraińsku.",
                    "- Wytnij z papieru dom bohatera i przyklej go na wspólnym plakacie.",
                    "- Powiedz rodzicowi jedno nowe słowo w drugim języku.",
                    "Potrzebne: kredki, klej, nożyczki z zaokrąglonymi końcami, duży arkusz.",
                ],
            )
        ],
    },
    "es-valencia-visitas-bienvenida-recien-llegados": {
        "pictures": [
            (
                "plano-visita.png",
                "plan",
                (
                    "Recorrido de la visita",
                    [
                        ("Entrada", (80, 560, 360, 740), "#e9c98b"),
                        ("Carné", (80, 140, 360, 500), "#bcd3c2"),
                        ("Idiomas", (420, 140, 760, 420), "#c9d8ec"),
                        ("Infantil", (420, 480, 760, 740), "#f0c7cf"),
                        ("Ordenadores", (820, 140, 1120, 740), "#d9d3f0"),
                    ],
                    [
                        (150, 700),
                        (150, 530),
                        (390, 530),
                        (390, 450),
                        (790, 450),
                        (790, 380),
                        (880, 380),
                    ],
                ),
                "Plano de la biblioteca con el recorrido de la visita: entrada, mostrador "
                "del carné, libros en otros idiomas, sala infantil y ordenadores.",
                {},
            )
        ],
        "documents": [
            (
                "guion-visita.pdf",
                "Guion de la visita de bienvenida",
                [
                    "Cuarenta y cinco minutos para un grupo de hasta doce personas.",
                    "- Entrada: horarios y que todo es gratis.",
                    "- Mostrador: el carné se hace en el momento con cualquier documento.",
                    "- Libros en otros idiomas y cursos de español.",
                    "- Sala infantil y actividades para familias.",
                    "- Ordenadores, wifi e impresión para trámites.",
                    "Al final, cada persona se lleva el folleto de servicios del barrio.",
                ],
            )
        ],
    },
    "ro-timisoara-tur-de-bun-venit-si-ghiseu-multilingv": {
        "pictures": [
            (
                "plan-tur.png",
                "plan",
                (
                    "Turul de bun venit",
                    [
                        ("Ghișeu", (80, 140, 380, 420), "#e9c98b"),
                        ("Intrare", (80, 480, 380, 740), "#bcd3c2"),
                        ("Lectură", (440, 140, 1120, 420), "#c9d8ec"),
                        ("Copii", (440, 480, 760, 740), "#f0c7cf"),
                        ("Calculatoare", (820, 480, 1120, 740), "#d9d3f0"),
                    ],
                    [(150, 700), (150, 450), (790, 450), (790, 550), (850, 550)],
                ),
                "Planul bibliotecii cu traseul turului: intrarea, ghișeul multilingv, sala "
                "de lectură, spațiul pentru copii și calculatoarele.",
                {},
            )
        ],
        "documents": [
            (
                "intrebari-ghiseu.docx",
                "Întrebări frecvente la ghișeul multilingv",
                [
                    "Cum îmi fac permis de cititor? Cu un act de identitate, pe loc, gratuit.",
                    "Unde găsesc cărți în ucraineană sau arabă? La raftul „Limbi” de la etaj.",
                    "Pot printa un formular? Da, la calculatoare, 10 pagini gratuite pe zi.",
                    "Unde sunt cursurile de limba română? Marțea, în sala mică, ora 18:00.",
                ],
            )
        ],
    },
}
