"""Images: every ``img/`` folder under docs/ is served from one flat ``img/`` folder.

Articles write ``../img/<name>`` wherever their file lives, as the old help center
copied all image folders into one; image names are therefore unique site-wide.
"""

from __future__ import annotations

import posixpath

import _library
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from helpcenter.model import Problem


@event_priority(90)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    library = _library.current()
    served: dict[str, File] = {}
    for file in list(files.media_files()):
        folder, name = posixpath.split(file.src_uri)
        if posixpath.basename(folder) != "img":
            continue
        first = served.setdefault(name, file)
        if first is not file:
            library.problems.append(
                Problem(
                    library.project_path(file),
                    1,
                    f"image name {name!r} is already used by {library.project_path(first)};"
                    " image names must be unique across all img/ folders",
                )
            )
            files.remove(file)
            continue
        _library.serve_at(file, f"img/{name}")
    library.images = set(served)
    return files
