"""Every exported report kept as a new version (teams edit their Word copies, so an export never overwrites an
earlier one): the file under the data directory, a :class:`reports.models.ReportExport` row with who made it
from which inputs and its checksum, and an audit line. The buurtanalyse, the one-page neighbourhood profile
and the residents' version are stored the same way (:func:`store`); the last two are made by
:func:`export_page`, from the screen as a background job (``reports.jobs``) or from the CLI."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

PAGE_KINDS = ("profile_page", "residents")


def store(workspace, kind: str, fmt: str, content: bytes, *, title: str, draft: bool, inputs: dict, user=None,
          actor: str = "", detail: dict | None = None):
    """Write ``content`` as the next version of ``kind`` in the workspace and record it (audited). Two exports at
    the same moment get two versions: the unique (workspace, kind, version) and the file opened with 'x' decide."""
    from pathlib import Path

    from django.conf import settings
    from django.db import IntegrityError, transaction
    from django.db.models import Max

    from zorgzaam.reports.models import ReportExport
    from zorgzaam.workspaces.audit import record

    digest = hashlib.sha256(content).hexdigest()
    folder = Path(settings.DATA_DIR) / "reports" / workspace.slug
    folder.mkdir(parents=True, exist_ok=True)
    for _attempt in range(5):
        version = (ReportExport.objects.filter(workspace=workspace, kind=kind).aggregate(v=Max("version"))["v"]
                   or 0) + 1
        relative = Path("reports") / workspace.slug / f"{kind}-v{version}-{digest[:12]}.{fmt}"
        path = Path(settings.DATA_DIR) / relative
        if path.exists():  # never overwrite a stored export
            continue
        try:
            with transaction.atomic():
                row = ReportExport.objects.create(
                    workspace=workspace, kind=kind, format=fmt, version=version, title=title[:300], draft=draft,
                    inputs=inputs, file=str(relative), size=len(content), sha256=digest, created_by=user,
                    created_by_name=actor)
                with open(path, "xb") as handle:
                    handle.write(content)
        except (IntegrityError, FileExistsError):
            continue
        record(actor=actor, action="report_export", workspace=workspace, obj=row, fmt=fmt, target=row.file_name,
               detail={"version": version, "kind": kind} | (detail or {}))
        return row
    raise RuntimeError("could not store the report as a new version")


def export_page(workspace, kind: str, name: str, fmt: str, *, lang: str = "nl", user=None, actor: str = "",
                progress: Callable[[float, str], None] | None = None):
    """The one-page profile (``profile_page``) or the residents' version (``residents``) of the neighbourhood
    ``name``, stored as a new version with its inputs (the neighbourhood version, the datasets). The residents'
    version is refused (``residents_version.PersonalData``) when it would print personal data."""
    from zorgzaam.reports.collect import neighbourhoods_of

    if kind not in PAGE_KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(PAGE_KINDS)}")
    if kind == "profile_page":
        from zorgzaam.reports import one_page as module
    else:
        from zorgzaam.reports import residents_version as module
    actor = actor or (user.get_username() if user is not None else "")
    neighbourhood = neighbourhoods_of(workspace, [name])[0]
    if fmt not in module.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(module.FORMATS)}")
    if progress is not None:
        progress(0.1, "profile")
    data = module.gather(neighbourhood, lang) if kind == "profile_page" else module.gather(neighbourhood, lang, actor)
    if progress is not None:
        progress(0.6, "render")
    report = module.build_report(data)
    content = module.render(report, fmt)
    if progress is not None:
        progress(0.95, "saving")
    return store_page(neighbourhood, kind, fmt, content, title=report.title, lang=lang, user=user, actor=actor)


def store_page(neighbourhood, kind: str, fmt: str, content: bytes, *, title: str, lang: str, user=None,
               actor: str = ""):
    """A one-page profile or residents' version already rendered, kept as the next version of ``kind`` with its
    inputs (the neighbourhood version, the datasets the workspace sees, the language)."""
    from zorgzaam.profile.service import _datasets

    workspace = neighbourhood.workspace
    version = neighbourhood.current
    inputs = {"neighbourhoods": {neighbourhood.name: version.number if version else None},
              "datasets": list(_datasets(workspace).filter(row_count__gt=0).order_by("pk").values_list("pk", flat=True)),
              "lang": lang}
    return store(workspace, kind, fmt, content, title=title, draft=False, inputs=inputs, user=user, actor=actor,
                 detail={"neighbourhoods": 1})
