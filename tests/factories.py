import factory
from django.contrib.auth import get_user_model

from legalmap.articles.models import Article, text_sha256
from legalmap.authorities.models import Authority
from legalmap.maps.models import ArgumentMap, Link, Membership, Node

ARTICLE_TEXT = (
    "The strike hit a vessel in international waters. Officials said it was self-defence.\n\n"
    "Critics said only Congress can declare war. “It was an extrajudicial killing,” one said."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests")


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"authority-{n}")
    name = factory.LazyAttribute(lambda a: f"The {a.slug} Act")
    short_name = factory.LazyAttribute(lambda a: a.slug.upper())
    kind = "statute"
    jurisdiction = "us"
    citation = factory.Sequence(lambda n: f"{n} U.S.C. § {n}")
    summary = "A test authority."
    aliases = factory.LazyAttribute(lambda a: [a.slug.replace("-", " ")])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Test Wire"
    text = ARTICLE_TEXT
    sha256 = factory.LazyAttribute(lambda a: text_sha256(a.text))


class MapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArgumentMap
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Map {n}")
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def articles(self, create, extracted, **kwargs):
        if create and extracted:
            self.articles.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    map = factory.SubFactory(MapFactory)
    user = factory.SubFactory(UserFactory)
    role = "editor"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    map = factory.SubFactory(MapFactory)
    kind = "claim"
    text = factory.Sequence(lambda n: f"Claim number {n}.")


class AuthorityNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    map = factory.SubFactory(MapFactory)
    kind = "authority"
    authority = factory.SubFactory(AuthorityFactory)


class PassageFactory(factory.django.DjangoModelFactory):
    """A passage quoting the first ``length`` characters after ``start`` of its article."""

    class Meta:
        model = Node
        exclude = ["length"]

    map = factory.SubFactory(MapFactory)
    kind = "passage"
    article = factory.SubFactory(ArticleFactory)
    start = 0
    length = 10
    end = factory.LazyAttribute(lambda n: n.start + n.length)
    quote = factory.LazyAttribute(lambda n: n.article.text[n.start:n.end])
    stance = "critique"


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    map = factory.LazyAttribute(lambda link: link.source.map)
    source = factory.SubFactory(ClaimFactory)
    target = factory.SubFactory(ClaimFactory, map=factory.SelfAttribute("..source.map"))
    relation = "supports"
