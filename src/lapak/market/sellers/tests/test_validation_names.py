import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapak.market.sellers.validation import MATCH_THRESHOLD, holder_name_matches, name_words
from lapak.market.sellers.validation.names import DEGREES, TITLES

SAME_PERSON = [
    ("BUDI SANTOSO", "Budi Santoso"),
    ("BUDI SANTOSO", "Ir. H. Budi Santoso, M.T."),
    ("BUDI SANTOSO", "Bapak Budi Santoso, S.E., M.M."),
    ("SANTOSO BUDI", "Budi Santoso"),  # word order
    ("SITI AISYAH", "Siti Nur Aisyah"),  # a missing middle name
    ("AISYAH SITI", "Siti Nur Aisyah"),
    ("HJ SITI AISYAH", "Ibu Hj. Siti Aisyah S.Kom"),
    ("M RIZKI", "Muhammad Rizki"),  # the bank's initial
    ("MUHAMMAD RIZKY", "Mohamad Rizki"),  # spellings of the same names
    ("NURHAYATI", "Nur Hayati"),  # one word or two
    ("DEWI MA'RUF", "Dewi Maruf"),
    ("Sdr. ANDI WIJAYA", "andi wijaya"),
    ("DR BAMBANG SUSILO", "Prof. Dr. Bambang Susilo, Ph.D"),
    ("JOSÉ SANTOS", "Jose Santos"),
    ("SUHARTO", "Suharto"),
]

DIFFERENT_PEOPLE = [
    ("BUDI SANTOSO", "Budi Hartono"),  # one of two words differs
    ("DEWI LESTARI", "Dewi Kartika"),
    ("IRIANA JOKO WIDODO", "Joko Widodo"),  # the extra word is a first name, not a middle one
    ("BUDI SANTOSO WIBOWO", "Budi Santoso"),  # a missing last name
    ("SITI", "Siti Nur Aisyah"),
    ("AGUS", "Agus Salim"),
    ("B SANTOSO", "Agus Santoso"),  # the initial belongs to another name
    ("M", "Muhammad"),  # an initial alone is not a name
    ("PT MAJU JAYA", "Budi Santoso"),
    ("", "Budi Santoso"),
    ("RINA WATI", "Rini Wati"),
]


@pytest.mark.parametrize(("holder", "applicant"), SAME_PERSON)
def test_the_same_person_matches(holder, applicant):
    result = holder_name_matches(holder, applicant)
    assert result.matched, result
    assert MATCH_THRESHOLD <= result.score <= 1


@pytest.mark.parametrize(("holder", "applicant"), DIFFERENT_PEOPLE)
def test_different_people_do_not_match(holder, applicant):
    result = holder_name_matches(holder, applicant)
    assert not result.matched, result
    assert 0 <= result.score <= 1


def test_scores_order_closeness():
    exact = holder_name_matches("BUDI SANTOSO", "Budi Santoso").score
    middle = holder_name_matches("SITI AISYAH", "Siti Nur Aisyah").score
    half = holder_name_matches("BUDI SANTOSO", "Budi Hartono").score
    assert exact == 1.0 and middle == 0.8 and half == 0.5


def test_name_words_drop_titles_and_degrees_but_keep_names():
    assert name_words("Ir. H. Muhammad Rizki, S.Kom., M.M.") == ["muhammad", "rizki"]
    assert name_words("Hj. Siti Aisyah SE") == ["siti", "aisyah"]
    assert name_words("Santoso, Budi") == ["santoso", "budi"]  # a comma before a name is not a degree
    assert name_words("Se") == ["se"]  # a lone word is a name even when it spells a degree
    assert name_words("Ibu") == ["ibu"]  # or a title


word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9).filter(
    lambda w: w not in TITLES and w not in DEGREES
)
names = st.lists(word, min_size=1, max_size=4)


@given(words=names, data=st.data())
def test_any_name_matches_itself_in_any_case_and_order(words, data):
    applicant = " ".join(words)
    holder = " ".join(data.draw(st.permutations(words))).upper()
    assert holder_name_matches(holder, applicant).matched


@given(left=names, right=names)
def test_score_is_symmetric_and_bounded(left, right):
    a, b = " ".join(left), " ".join(right)
    forward, backward = holder_name_matches(a, b), holder_name_matches(b, a)
    assert 0 <= forward.score <= 1
    assert forward.score == backward.score
