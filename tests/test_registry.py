"""The site registry: YAML profiles under registry/sites/{real,fixture}/ and their loader."""
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from xxgk.registry import (PLATFORMS, PROVINCE_CODES, RegistryError, Site, SITES_DIR, get_site,
                      load_site, load_sites)

MIRROR_HOSTS = ("haose21.com", "lahohwa.com", "fussychild.net", "91mayou.com", "121josh.com",
                "zwinkt.com", "275167.com", "forbiddentreatments.com")

FIXTURE_PROFILE = {
    "slug": "demo-swj",
    "agency": "示例市商务局",
    "region": "辽宁省阜新市",
    "region_code": "210900",
    "homepage": "fixture://demo-swj/",
    "columns": ["fixture://demo-swj/zwgk/ndbg/index.html"],
    "platform": "fuxin",
    "fixture": True,
    "verified": True,
    "notes": "local replica",
}
REAL_PROFILE = {
    **FIXTURE_PROFILE,
    "slug": "demo-real",
    "homepage": "http://www.example.gov.cn/",
    "columns": ["http://www.example.gov.cn/col/col1/index.html"],
    "platform": "hanweb",
    "fixture": False,
    "verified": False,
    "notes": "belief",
}


def write_profile(folder: Path, data: dict, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or data['slug']}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sites():
    return load_sites()


@pytest.fixture(scope="module")
def real_sites(sites):
    return [s for s in sites if not s.fixture]


def test_loads_all_sites_sorted_by_slug(sites):
    slugs = [s.slug for s in sites]
    assert slugs == sorted(slugs)
    assert len(slugs) == len(set(slugs))
    assert all(isinstance(s, Site) for s in sites)


def test_at_least_fifteen_real_sites_none_verified(real_sites):
    assert len(real_sites) >= 15
    assert all(s.verified is False for s in real_sites)


def test_real_sites_are_on_official_hosts(real_sites):
    for site in real_sites:
        for url in (site.homepage, *site.columns):
            host = urlsplit(url).hostname
            assert host.endswith(".gov.cn") or host.replace(".", "").isdigit(), (site.slug, url)
            assert not any(host.endswith(m) for m in MIRROR_HOSTS), (site.slug, url)


def test_real_sites_are_well_formed(real_sites):
    for site in real_sites:
        assert len(site.region_code) == 6 and site.region_code.isdigit()
        assert site.region_code[:2] in PROVINCE_CODES
        assert site.platform is None or site.platform in PLATFORMS
        assert site.columns and all(c.startswith(site.root_url) for c in site.columns)
        assert site.notes
        assert site.resolve(None) is site  # nothing to resolve on the real web


def test_fuxin_is_not_a_real_site(real_sites):
    assert not any("fuxin" in s.slug or "阜新" in s.agency for s in real_sites)


def test_fixture_profiles_resolve_against_the_fixture_web(sites):
    for site in (s for s in sites if s.fixture):
        resolved = site.resolve("http://127.0.0.1:8123")
        assert resolved.root_url == f"http://127.0.0.1:8123/{site.slug}/"
        assert all(c.startswith(resolved.root_url) for c in resolved.columns)


def test_loads_both_folders(tmp_path):
    write_profile(tmp_path / "real", REAL_PROFILE)
    write_profile(tmp_path / "fixture", FIXTURE_PROFILE)
    assert [s.slug for s in load_sites(tmp_path)] == ["demo-real", "demo-swj"]


def test_fixture_site_resolve(tmp_path):
    site = load_site(write_profile(tmp_path / "fixture", FIXTURE_PROFILE))
    assert site.root_url == "fixture://demo-swj/"
    resolved = site.resolve("http://127.0.0.1:8123/")
    assert resolved.homepage == "http://127.0.0.1:8123/demo-swj/"
    assert resolved.columns == ("http://127.0.0.1:8123/demo-swj/zwgk/ndbg/index.html",)
    assert resolved.root_url == "http://127.0.0.1:8123/demo-swj/"
    assert resolved.host == "127.0.0.1:8123"
    assert resolved.resolve(None) is resolved  # already resolved
    assert site.columns[0].startswith("fixture://")  # frozen: the original is untouched


@pytest.mark.parametrize("base", [None, "", "127.0.0.1:8123", "ftp://127.0.0.1"])
def test_fixture_site_resolve_needs_a_base(tmp_path, base):
    site = load_site(write_profile(tmp_path, FIXTURE_PROFILE))
    with pytest.raises(RegistryError, match="demo-swj|fixture base"):
        site.resolve(base)


def test_real_site_root_and_row():
    site = get_site("yiwu-swj")
    assert site.root_url == "http://www.yw.gov.cn/"
    assert site.host == "www.yw.gov.cn"
    row = site.as_row()
    assert row["columns"] == list(site.columns)
    assert set(row) == {"slug", "agency", "region", "region_code", "homepage", "columns",
                        "platform", "fixture", "verified", "notes"}


def test_get_site_unknown_slug_suggests_close_slugs():
    with pytest.raises(KeyError) as info:
        get_site("yiwu-sw")
    assert "yiwu-swj" in str(info.value)
    assert str(info.value).startswith("no site")


BAD_PROFILES = {
    "missing key": ({k: v for k, v in REAL_PROFILE.items() if k != "agency"}, "agency"),
    "unknown key": ({**REAL_PROFILE, "colums": []}, "colums"),
    "slug not file name": ({**REAL_PROFILE, "slug": "other-site"}, "file name"),
    "slug not kebab": ({**REAL_PROFILE, "slug": "Demo_Real"}, "kebab"),
    "unquoted region code": ({**REAL_PROFILE, "region_code": 330782}, "quoted"),
    "short region code": ({**REAL_PROFILE, "region_code": "33078"}, "6-digit"),
    "no province": ({**REAL_PROFILE, "region_code": "990000"}, "province"),
    "bad url scheme": ({**REAL_PROFILE, "columns": ["ftp://www.example.gov.cn/x"]}, "http"),
    "bad homepage": ({**REAL_PROFILE, "homepage": "www.example.gov.cn"}, "homepage"),
    "empty columns": ({**REAL_PROFILE, "columns": []}, "non-empty"),
    "columns not a list": ({**REAL_PROFILE, "columns": "http://www.example.gov.cn/"}, "list"),
    "column off site": ({**REAL_PROFILE, "columns": ["http://other.gov.cn/a/"]}, "outside"),
    "unknown platform": ({**REAL_PROFILE, "platform": "wordpress"}, "platform"),
    "flag not bool": ({**REAL_PROFILE, "verified": "no"}, "verified"),
    "fixture url on real site": ({**REAL_PROFILE, "columns": ["fixture://demo-real/a"]}, "fixture"),
    "empty notes": ({**REAL_PROFILE, "notes": ""}, "notes"),
}


@pytest.mark.parametrize("case", sorted(BAD_PROFILES))
def test_bad_profile_names_the_file(tmp_path, case):
    data, problem = BAD_PROFILES[case]
    path = write_profile(tmp_path, data, name="demo-real")
    with pytest.raises(RegistryError) as info:
        load_sites(tmp_path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


@pytest.mark.parametrize("text", ["slug: [unclosed", "- just\n- a list\n", ""])
def test_unparsable_or_non_mapping_yaml_names_the_file(tmp_path, text):
    path = tmp_path / "demo-real.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match="demo-real.yml"):
        load_sites(tmp_path)


def test_fixture_profile_rules(tmp_path):
    other_slug = {**FIXTURE_PROFILE, "columns": ["fixture://someone-else/a.html"]}
    write_profile(tmp_path / "a", other_slug)
    with pytest.raises(RegistryError, match="fixture://demo-swj/"):
        load_sites(tmp_path / "a")
    write_profile(tmp_path / "b" / "real", FIXTURE_PROFILE)  # fixture: true in real/
    with pytest.raises(RegistryError, match="folder real/"):
        load_sites(tmp_path / "b")


def test_duplicate_slug_names_both_files(tmp_path):
    first = write_profile(tmp_path / "real", REAL_PROFILE)
    second = write_profile(tmp_path / "fixture", {**FIXTURE_PROFILE, "slug": "demo-real",
                                                  "homepage": "fixture://demo-real/",
                                                  "columns": ["fixture://demo-real/a.html"]})
    with pytest.raises(RegistryError) as info:
        load_sites(tmp_path)
    assert str(first) in str(info.value) and str(second) in str(info.value)


def test_yaml_extension_is_refused(tmp_path):
    write_profile(tmp_path, REAL_PROFILE)
    (tmp_path / "demo-real.yml").rename(tmp_path / "demo-real.yaml")
    with pytest.raises(RegistryError, match=r"\.yml"):
        load_sites(tmp_path)


def test_missing_folder(tmp_path):
    with pytest.raises(RegistryError, match="not found"):
        load_sites(tmp_path / "nope")


def test_default_folder_is_the_package_sites_folder():
    assert SITES_DIR == Path(__file__).parent.parent / "xxgk" / "registry" / "sites"
