from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from legalmap.articles.models import Article
from legalmap.authorities.models import Authority
from legalmap.maps import services
from legalmap.maps.models import ArgumentMap, Membership, Node
from legalmap.reviews import services as review_services

DEMO_USERS = [
    # username, password, is_staff, name
    ("instructor", "instructor-demo", True, "Ida Instructor"),
    ("student", "student-demo", False, "Sam Student"),
    ("reviewer", "reviewer-demo", False, "Rae Reviewer"),
]
DEMO_TITLE = "Were the September 2025 boat strikes lawful?"

# (key, seed file, exact quote, stance, speaker)
PASSAGES = [
    ("trump", "000_0d94be6b60d87f99.txt",
     "We have to protect our country and we're going to", "justification", "Donald Trump"),
    ("rubio", "000_0d94be6b60d87f99.txt",
     "This one was operating in international waters, headed towards the United States to "
     "flood our country with poison", "justification", "Marco Rubio"),
    ("niac", "001_b4f862bc95486daf.txt",
     "The president previously declared a “non-international armed conflict” with drug "
     "smugglers on September 30", "fact", ""),
    ("fto", "003_f50a8274451efd07.txt",
     "designated multiple Mexican and South American cartels—including Venezuela’s Tren de "
     "Aragua—as international terrorist organizations", "fact", ""),
    ("kelly", "003_f50a8274451efd07.txt",
     "the action was taken in “defense of vital U.S. national interests and in the collective "
     "self-defense of other nations,”", "justification", "Anna Kelly (White House)"),
    ("isacson", "003_f50a8274451efd07.txt",
     "groups like Tren de Aragua are “poor organized crime groups” who make their money "
     "through extortion and local crimes", "critique", "Adam Isacson (WOLA)"),
    ("petro", "003_f50a8274451efd07.txt",
     "Colombia’s President Gustavo Petro called the attack a “murder.”", "critique",
     "Gustavo Petro"),
    ("fto-no-licence", "002_1a011125e0d69d2d.txt",
     "FTO status broadens domestic authorities but does not itself provide a licence to use "
     "force under international law.", "critique", "Adriana Marin"),
    ("imminence", "002_1a011125e0d69d2d.txt",
     "Any claim of self-defence would require also imminent danger, this has not been shown.",
     "critique", "Adriana Marin"),
    ("only-congress", "002_1a011125e0d69d2d.txt",
     "Domestically, only Congress can declare war under the constitution", "claim",
     "Adriana Marin"),
    ("aumf", "002_1a011125e0d69d2d.txt",
     "Previous administrations have relied on the 2001 Authorization for Use of Military Force "
     "as the legal basis for counterterrorism operations abroad, but this has never been "
     "applied to drug cartels.", "critique", "Adriana Marin"),
]
CLAIMS = [
    ("lawful", "The September 2 strike was lawful under US and international law."),
    ("armed-conflict", "The US is in an armed conflict with the cartels, so their members "
                       "may be targeted."),
    ("no-armed-attack", "Drug trafficking is not an armed attack, and no imminent threat was "
                        "shown, so art. 51 self-defence does not apply."),
    ("no-niac", "The cartels lack the organisation and the violence of a party to an armed "
                "conflict, so the law of armed conflict does not apply."),
    ("no-congress", "Congress has authorised no use of force against the cartels; the 2001 "
                    "AUMF does not reach them."),
    ("unlawful", "The strikes had no valid legal basis in US or international law."),
]
AUTHORITIES = ["niac-notice-2025", "fto-designations-2025", "un-charter-51", "caroline-test",
               "aumf-2001", "geneva-common-art-3", "tadic-niac-test", "us-const-art-i-8-11",
               "us-const-art-ii-2-1", "iccpr-6"]
# The administration's case (lawful) against the critics' (unlawful). With the grounded
# labelling the critics' conclusion stands: its three supports are unattacked, while the
# armed-conflict premise is attacked, the FTO inference undercut, and the White House's
# claim to comply with art. 51 hangs on an applicability the critics dispute (issue 14: the
# four uses of an authority, each where the seed articles make it — the administration
# relies on its legal bases and says it complies with art. 51; Marin disputes that the
# AUMF reaches cartels; Petro, calling the strike a murder, says it violates the right to
# life).
LINKS = [
    ("niac", "supports", "armed-conflict"),
    ("fto", "supports", "armed-conflict"),
    ("armed-conflict", "supports", "lawful"),
    ("trump", "supports", "lawful"),
    ("rubio", "supports", "lawful"),
    ("kelly", "supports", "lawful"),
    ("niac", "relies_on", "niac-notice-2025"),
    ("fto", "relies_on", "fto-designations-2025"),
    ("armed-conflict", "relies_on", "geneva-common-art-3"),
    ("trump", "relies_on", "us-const-art-ii-2-1"),
    ("kelly", "complies", "un-charter-51"),
    ("petro", "violates", "iccpr-6"),
    ("imminence", "supports", "no-armed-attack"),
    ("no-armed-attack", "disputes", "un-charter-51"),
    ("no-armed-attack", "relies_on", "caroline-test"),
    ("isacson", "supports", "no-niac"),
    ("no-niac", "relies_on", "tadic-niac-test"),
    ("no-niac", "attacks", "armed-conflict"),
    ("only-congress", "supports", "no-congress"),
    ("aumf", "supports", "no-congress"),
    ("aumf", "disputes", "aumf-2001"),
    ("no-congress", "relies_on", "us-const-art-i-8-11"),
    ("no-armed-attack", "supports", "unlawful"),
    ("no-niac", "supports", "unlawful"),
    ("no-congress", "supports", "unlawful"),
    ("unlawful", "attacks", "lawful"),
]
# The review in progress (issue 6): the student submitted the map; the reviewer asked on one
# link, the student answered, and the reviewer gave two verdicts.
REVIEW_THREAD = (("only-congress", "supports", "no-congress"),
                 "Which clause says so? Cite the **Declare War Clause** (art. I, § 8, cl. 11) "
                 "on this link, and say why the 2001 AUMF does not cover the cartels.",
                 "Fair point: I will link the passage to the AUMF and to the clause.")
REVIEW_VERDICTS = [
    (("imminence", "supports", "no-armed-attack"), "sound",
     "The Caroline test needs imminence; the passage says none was shown."),
    (("only-congress", "supports", "no-congress"), "needs_authority",
     "A claim about the Constitution needs the clause, not a commentator."),
]

# (undercutter, (source, relation, target) of the link whose inference it attacks)
UNDERCUTS = [
    ("fto-no-licence", ("fto", "supports", "armed-conflict")),
]


class Command(BaseCommand):
    help = "Create the demo accounts and a small demo map (idempotent; keeps existing data)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for username, password, is_staff, name in DEMO_USERS:
            first, last = name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": is_staff, "is_superuser": is_staff, "first_name": first,
                          "last_name": last, "email": f"{username}@example.org"},
            )
            if created:
                user.set_password(password)
                user.save()
            users[username] = user
        if ArgumentMap.objects.filter(owner=users["student"], title=DEMO_TITLE).exists():
            self.stdout.write("Demo map already present; nothing to do.")
            return
        self._build_map(users)

    def _build_map(self, users):
        student = users["student"]
        articles = {a.seed_file: a for a in Article.objects.exclude(seed_file="")}
        argument_map = services.map_create(
            owner=student, title=DEMO_TITLE, articles=list(articles.values()),
            description="Do the administration's legal bases — the armed-conflict notice, the "
                        "FTO designations, self-defence — carry the strikes?")
        write = {"argument_map": argument_map, "actor": student, "expected_version": None}
        services.membership_create(user=users["reviewer"], role=Membership.Role.REVIEWER, **write)
        nodes = {}
        for key, seed_file, quote, stance, speaker in PASSAGES:
            article = articles.get(seed_file)
            start = article.text.find(quote) if article else -1
            if start < 0:
                self.stderr.write(f"Skipping demo passage {key!r}: quote not in {seed_file}.")
                continue
            nodes[key] = services.node_create(
                kind=Node.Kind.PASSAGE, article=article, start=start, end=start + len(quote),
                quote=quote, stance=stance, speaker=speaker, **write)
        for key, text in CLAIMS:
            nodes[key] = services.node_create(kind=Node.Kind.CLAIM, text=text, **write)
        for slug in AUTHORITIES:
            authority = Authority.objects.filter(slug=slug).first()
            if authority:
                nodes[slug] = services.node_create(
                    kind=Node.Kind.AUTHORITY, authority=authority, **write)
        links = {}
        for source, relation, target in LINKS:
            if source in nodes and target in nodes:
                links[(source, relation, target)] = services.link_create(
                    source=nodes[source], relation=relation, target=nodes[target], **write)
        for source, undercut in UNDERCUTS:
            if source in nodes and undercut in links:
                services.link_create(source=nodes[source], relation="undercuts",
                                     target_link=links[undercut], **write)
        self._start_review(argument_map, users, links)
        self.stdout.write(f"Demo map created with {len(nodes)} nodes, in review.")

    def _start_review(self, argument_map, users, links):
        """Through the services, so the round, the comments and the verdicts have their
        events and notifications like any made by hand."""
        student, reviewer = users["student"], users["reviewer"]
        argument_map.refresh_from_db()
        review_services.map_submit(argument_map=argument_map, actor=student)
        key, question, answer = REVIEW_THREAD
        if key in links:
            comment = review_services.comment_create(
                argument_map=argument_map, actor=reviewer, link=links[key], body=question)
            review_services.comment_create(argument_map=argument_map, actor=student,
                                           parent=comment, body=answer)
        for key, value, reason in REVIEW_VERDICTS:
            if key in links:
                review_services.verdict_give(argument_map=argument_map, actor=reviewer,
                                             link=links[key], value=value, reason=reason)
