from lapak.core.ids import PublicIdField, encode_public_id, is_public_id, new_public_id


def test_public_ids_are_prefixed_unique_and_well_formed():
    ids = {new_public_id("usr") for _ in range(2_000)}
    assert len(ids) == 2_000
    assert all(is_public_id(i, "usr") for i in ids)
    assert not is_public_id(next(iter(ids)), "tok")


def test_public_ids_sort_by_creation_time():
    early = encode_public_id("ord", millis=1_000, random_bits=2**80 - 1)
    late = encode_public_id("ord", millis=1_001, random_bits=0)
    assert early < late


def test_public_ids_do_not_reveal_a_sequence():
    first, second = new_public_id("ord"), new_public_id("ord")
    # The random 80-bit tail differs even for ids minted in the same millisecond.
    assert first[-16:] != second[-16:]


def test_malformed_ids_are_rejected():
    for value in ["usr_", "usr_short", "usr-01JD3Q6Y8W9M2K4N7P5R0S1T2V", "usr_01JD3Q6Y8W9M2K4N7P5R0S1T2U"]:
        assert not is_public_id(value, "usr")


def test_field_deconstructs_without_a_callable_default():
    _name, path, _args, kwargs = PublicIdField(prefix="usr").deconstruct()
    assert kwargs == {"prefix": "usr"}
    assert path == "lapak.core.ids.PublicIdField"


def test_a_field_that_is_not_unique_stays_so_through_its_migration():
    _name, _path, _args, kwargs = PublicIdField(prefix="hsl", unique=False, null=True).deconstruct()
    assert kwargs["unique"] is False and PublicIdField(**kwargs).unique is False
    assert "unique" not in PublicIdField(prefix="hsl").deconstruct()[3]
