"""The review page's per-claim verification: each claim of the diff gets its cited sources,
whether it is one the approval must cover (new or changed), and who already checked it.
Kept apart from workspace.py so its access helpers can move."""

from reviews.verification import claim_sources, claims_to_check


def claim_review_annotate(diff, *, revision, base, signatures) -> dict:
    """Annotate the diff's claims in place; returns the page's summary of checks."""
    sources = claim_sources(content=revision.content)
    to_check = claims_to_check(revision=revision, base=base)
    checked_by: dict[str, list[str]] = {}
    for signature in signatures:
        for uuid in signature.checked_claims or []:
            checked_by.setdefault(uuid, []).append(signature.printed_name)
    for section in diff.sections:
        for claim in section.claims:
            claim.sources = sources.get(claim.uuid, [])
            claim.to_check = claim.uuid in to_check
            claim.checked_by = checked_by.get(claim.uuid, [])
    return {"to_check": len(to_check)}
