import pytest

PROVINCES = "/api/v1/regions/provinces"


def _error_code(response):
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]["code"]


def test_provinces_are_public_sorted_and_cacheable(regions, api_client):
    response = api_client.get(PROVINCES)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    body = response.json()
    assert len(body) == 38
    assert [p["code"] for p in body] == sorted(p["code"] for p in body)
    assert body[0] == {"code": "11", "name": "Aceh", "kind": "provinsi", "level": 1}
    assert {"code": "96", "name": "Papua Barat Daya", "kind": "provinsi", "level": 1} in body


def test_children_of_a_province_are_its_regencies_and_cities(regions, api_client):
    response = api_client.get("/api/v1/regions/31/children")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.json() == [
        {
            "code": "31.01",
            "name": "Kabupaten Administrasi Kepulauan Seribu",
            "kind": "kabupaten_administrasi",
            "level": 2,
            "postcode": None,
        },
        *(
            {
                "code": f"31.7{i}",
                "name": f"Kota Administrasi Jakarta {part}",
                "kind": "kota_administrasi",
                "level": 2,
                "postcode": None,
            }
            for i, part in enumerate(["Pusat", "Utara", "Barat", "Selatan", "Timur"], start=1)
        ),
    ]


def test_children_of_a_regency_are_districts(regions, api_client):
    body = api_client.get("/api/v1/regions/32.76/children").json()
    assert len(body) == 11
    assert body[0] == {"code": "32.76.01", "name": "Pancoran Mas", "kind": "kecamatan", "level": 3, "postcode": None}
    papua = api_client.get("/api/v1/regions/91.03/children").json()
    assert {d["kind"] for d in papua} == {"distrik"}


def test_children_of_a_district_are_villages_with_postcodes(regions, api_client):
    body = api_client.get("/api/v1/regions/32.76.01/children").json()
    assert [v["code"] for v in body] == [f"32.76.01.10{n:02d}" for n in range(6, 12)]
    assert body[0] == {"code": "32.76.01.1006", "name": "Depok", "kind": "kelurahan", "level": 4, "postcode": "16431"}


def test_a_village_has_no_children(regions, api_client):
    response = api_client.get("/api/v1/regions/32.76.01.1006/children")
    assert (response.status_code, response.json()) == (200, [])


def test_children_can_be_filtered_by_name_prefix(regions, api_client):
    # 95.06.03 has 108 villages, the most of any district.
    everything = api_client.get("/api/v1/regions/95.06.03/children").json()
    assert len(everything) == 108
    some = api_client.get("/api/v1/regions/95.06.03/children", {"q": "ab"}).json()
    assert some and all(v["name"].lower().startswith("ab") for v in some)
    assert [v["code"] for v in some] == sorted(v["code"] for v in some)
    assert len(some) == sum(1 for v in everything if v["name"].lower().startswith("ab"))
    assert api_client.get("/api/v1/regions/95.06.03/children", {"q": "zzz"}).json() == []


def test_children_accept_bare_digits(regions, api_client):
    assert (
        api_client.get("/api/v1/regions/3276/children").json()
        == api_client.get("/api/v1/regions/32.76/children").json()
    )


def test_one_region_with_its_path(regions, api_client):
    response = api_client.get("/api/v1/regions/32.76.01.1006")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.json() == {
        "code": "32.76.01.1006",
        "name": "Depok",
        "kind": "kelurahan",
        "level": 4,
        "postcode": "16431",
        "parent_code": "32.76.01",
        "path": [
            {"code": "32", "name": "Jawa Barat", "kind": "provinsi", "level": 1},
            {"code": "32.76", "name": "Kota Depok", "kind": "kota", "level": 2},
            {"code": "32.76.01", "name": "Pancoran Mas", "kind": "kecamatan", "level": 3},
        ],
    }
    province = api_client.get("/api/v1/regions/32").json()
    assert (province["parent_code"], province["path"], province["postcode"]) == (None, [], None)
    assert api_client.get("/api/v1/regions/3276011006").json()["code"] == "32.76.01.1006"


@pytest.mark.parametrize(
    "code", ["abc", "3", "32.7", "99.99.9", "32.76.01.10061", "32..76", "32.76.", "３２", "1" * 300, "32%2076"]
)
@pytest.mark.parametrize("suffix", ["", "/children"])
def test_malformed_codes_are_422_in_the_error_shape(regions, api_client, code, suffix):
    response = api_client.get(f"/api/v1/regions/{code}{suffix}")
    assert response.status_code == 422
    assert _error_code(response) == "region_code_invalid"
    assert response.json()["error"]["fields"] == {"code": ["Enter a region code such as 32.76.01."]}
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("code", ["99", "99.99", "32.99", "32.76.99", "32.76.01.9999", "00"])
@pytest.mark.parametrize("suffix", ["", "/children"])
def test_unknown_codes_are_404_in_the_error_shape(regions, api_client, code, suffix):
    response = api_client.get(f"/api/v1/regions/{code}{suffix}")
    assert response.status_code == 404
    assert _error_code(response) == "region_not_found"
    assert "public" not in response.get("Cache-Control", "")


def test_an_overlong_name_filter_is_422(regions, api_client):
    response = api_client.get("/api/v1/regions/32/children", {"q": "x" * 101})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"q": ["The text is too long."]}


def test_the_openapi_spec_documents_the_region_operations(db, api_client):
    spec = api_client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    provinces = paths["/api/v1/regions/provinces"]["get"]
    children = paths["/api/v1/regions/{code}/children"]["get"]
    detail = paths["/api/v1/regions/{code}"]["get"]
    for operation in (provinces, children, detail):
        assert "security" not in operation  # public: no bearer token
    assert provinces["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"].endswith(
        "/RegionOut"
    )
    assert children["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"].endswith(
        "/RegionChildOut"
    )
    assert detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/RegionDetailOut")
    assert {"404", "422"} <= set(detail["responses"]) and {"404", "422"} <= set(children["responses"])
    assert "q" in {p["name"] for p in children["parameters"]}
    assert {"code", "name", "kind", "level"} <= set(spec["components"]["schemas"]["RegionOut"]["properties"])
