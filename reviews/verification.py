"""Per-claim verification: which claims of a revision a reviewer must check against their
sources (the new and changed ones), the sources to check them against, and whether every
statement of an approved revision was checked. Reads only; revision_approve records the
checks in the signature."""

from articles.models import Revision
from reviews.diff import ADDED, CHANGED, UNCHANGED, revision_diff


def claim_uuids(content: dict) -> list[str]:
    return [c["uuid"] for s in content.get("sections", []) for c in s.get("claims", [])]


def claims_to_check(*, revision: Revision, base: Revision | None) -> list[str]:
    """The uuids of the claims that are new or changed since `base` (the revision compared
    with: reviews.selectors.revision_base), in reading order."""
    diff = revision_diff(old=base.content if base else None, new=revision.content)
    return [c.uuid for s in diff.sections for c in s.claims if c.status in (ADDED, CHANGED)]


def claims_unchanged(*, revision: Revision, base: Revision | None) -> set[str]:
    if base is None:
        return set()
    diff = revision_diff(old=base.content, new=revision.content)
    return {c.uuid for s in diff.sections for c in s.claims if c.status == UNCHANGED}


def claim_sources(*, content: dict) -> dict[str, list[dict]]:
    """Each claim's cited sources as frozen in the revision: title, identifiers, links and
    the abstract when the library had one."""
    references = content.get("references", {})
    sources: dict[str, list[dict]] = {}
    for section in content.get("sections", []):
        for claim in section.get("claims", []):
            items = []
            for key in claim.get("citations", []):
                item = references.get(key, {})
                doi, pmid = item.get("DOI", ""), str(item.get("PMID", "") or "")
                items.append(
                    {
                        "key": key,
                        "title": item.get("title", key),
                        "doi": doi,
                        "pmid": pmid,
                        "url": item.get("URL", ""),
                        "abstract": item.get("abstract", ""),
                    }
                )
            sources[claim["uuid"]] = items
    return sources


def revision_all_checked(*, revision: Revision, signatures, base: Revision | None) -> bool:
    """Every claim of the revision was checked against its sources: by a signer of this
    revision, or, for a claim unchanged since `base`, when every claim of `base` was."""
    checked = {uuid for s in signatures for uuid in (s.checked_claims or [])}
    if base is not None and base.all_claims_checked:
        checked |= claims_unchanged(revision=revision, base=base)
    claims = claim_uuids(revision.content)
    return bool(claims) and set(claims) <= checked
