"""Point labels that do not overprint: a deterministic search around each point.

Each label is tried at positions around its point, nearest ring first and in a
fixed order of directions (right, left, above, below, then the diagonals); the
first position that overlaps no label already placed, no fixed text (cell or
quadrant names, a legend) and no other point, stays inside the axes, and
whose leader line crosses no label, is taken. Labels set away from their point
get a thin leader line. When no
position is free, the one with the least overlap is used. Positions are
computed on the figure's final layout (measured with the figure's own
renderer), so the labels are placed for the figure as it is drawn; the same
input always gives the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.plots._style import GREY

__all__ = ["box", "place_labels", "renderer"]

_RINGS = 6  # rings of candidate positions around a point
_ORDER = (0, 180, 90, 270, 45, 135, 315, 225)  # degrees: right, left, above, below, diagonals
_WIDE = (*_ORDER, 22.5, 157.5, 337.5, 202.5, 67.5, 112.5, 292.5, 247.5)


def renderer(fig: Any) -> Any:
    """The figure's renderer after its layout has run (so text positions are final)."""
    fig.draw_without_rendering()
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


def box(artist: Any, rend: Any) -> NDArray[np.float64]:
    """``[x0, y0, x1, y1]`` of an artist's window extent, in display pixels."""
    b = artist.get_window_extent(rend)
    return np.array([b.x0, b.y0, b.x1, b.y1], dtype=np.float64)


def _overlap(boxes: NDArray[np.float64], others: NDArray[np.float64]) -> NDArray[np.float64]:
    """Total overlapping area of each of ``boxes`` (k, 4) with ``others`` (m, 4)."""
    if not len(others):
        return np.zeros(len(boxes))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(
        boxes[:, None, 0], others[None, :, 0]
    )
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(
        boxes[:, None, 1], others[None, :, 1]
    )
    out: NDArray[np.float64] = (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)
    return out


def _outside(boxes: NDArray[np.float64], frame: NDArray[np.float64]) -> NDArray[np.float64]:
    """Area of each box outside ``frame`` ``[x0, y0, x1, y1]``."""
    inside = _overlap(boxes, frame[None, :])
    area: NDArray[np.float64] = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return area - inside


def _crossings(
    anchor: NDArray[np.float64], boxes: NDArray[np.float64], others: NDArray[np.float64]
) -> NDArray[np.float64]:
    """How many points of the leader line from ``anchor`` to each box's centre lie in ``others``."""
    if not len(others):
        return np.zeros(len(boxes))
    centres = np.column_stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2])
    t = np.linspace(0.0, 1.0, 24)[None, :, None]
    pts = anchor[None, None, :] + t * (centres - anchor)[:, None, :]  # (k, 24, 2)
    x, y = pts[..., 0:1], pts[..., 1:2]
    hit = (x > others[:, 0]) & (x < others[:, 2]) & (y > others[:, 1]) & (y < others[:, 3])
    out: NDArray[np.float64] = hit.sum(axis=(1, 2)).astype(np.float64)
    return out


def _candidates(
    anchor: NDArray[np.float64], size: tuple[float, float], radius: float, step: float
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Boxes (k, 4) around ``anchor`` ring by ring, with each one's ring number."""
    w, h = size
    rows, rings = [], []
    for ring in range(_RINGS):
        gap = radius + ring * step
        for deg in _ORDER if ring == 0 else _WIDE:
            ux, uy = np.cos(np.radians(deg)), np.sin(np.radians(deg))
            cx = anchor[0] + ux * gap + np.sign(np.round(ux, 9)) * w / 2
            cy = anchor[1] + uy * gap + np.sign(np.round(uy, 9)) * h / 2
            rows.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
            rings.append(ring)
    return np.array(rows, dtype=np.float64), np.array(rings, dtype=np.int64)


def place_labels(
    ax: Any,
    x: Sequence[float] | NDArray[np.float64],
    y: Sequence[float] | NDArray[np.float64],
    texts: Sequence[str],
    *,
    radius: float | Sequence[float] | NDArray[np.float64] = 3.0,
    obstacles: Sequence[Any] = (),
    fontsize: float = 8.0,
    colour: str = "black",
    pad: float = 2.0,
) -> list[Any]:
    """Annotate the points ``(x, y)`` with ``texts`` so that no two labels overlap.

    ``radius`` is each point's marker radius in points (labels start beyond it);
    ``obstacles`` are artists (texts, a legend) the labels must keep clear of.
    Empty texts are skipped. Returns the annotations, in the order of ``texts``.
    """
    fig = ax.figure
    rend = renderer(fig)
    px = fig.dpi / 72.0
    xy = np.column_stack([np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)])
    anchors = ax.transData.transform(xy) if len(xy) else np.empty((0, 2))
    radii = np.broadcast_to(np.asarray(radius, dtype=np.float64), (len(xy),)) * px
    frame = box(ax, rend)
    markers = np.column_stack([anchors - radii[:, None], anchors + radii[:, None]])
    fixed = [box(a, rend) for a in obstacles if a is not None and a.get_visible()]
    taken = np.array(fixed, dtype=np.float64).reshape(-1, 4)
    out: list[Any] = []
    for i, text in enumerate(texts):
        if not text:
            continue
        probe = ax.text(0, 0, text, fontsize=fontsize)
        extent = probe.get_window_extent(rend)
        probe.remove()
        size = (extent.width, extent.height)
        boxes, rings = _candidates(anchors[i], size, radii[i] + pad * px, extent.height * 1.1)
        others = np.delete(markers, i, axis=0)
        hard = _overlap(boxes, taken) + _outside(boxes, frame)
        hard += np.where(rings > 0, _crossings(anchors[i], boxes, taken), 0.0)
        soft = _overlap(boxes, others)
        # free of labels and points first, then free of labels, then the least overlap
        best = int(np.lexsort((np.arange(len(boxes)), soft, hard > 0, (hard > 0) | (soft > 0)))[0])
        if hard[best] > 0:
            best = int(np.lexsort((np.arange(len(boxes)), soft, hard))[0])
        chosen = boxes[best]
        centre = np.array([(chosen[0] + chosen[2]) / 2, (chosen[1] + chosen[3]) / 2])
        offset = (centre - anchors[i]) / px
        arrow = None
        if rings[best] > 0:
            arrow = {
                "arrowstyle": "-",
                "color": GREY,
                "lw": 0.6,
                "shrinkA": 0.0,
                "shrinkB": float(radii[i] / px),
            }
        note = ax.annotate(
            text,
            xy=tuple(xy[i]),
            xytext=(float(offset[0]), float(offset[1])),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=fontsize,
            color=colour,
            arrowprops=arrow,
            annotation_clip=False,
        )
        note.set_in_layout(False)
        taken = np.vstack([taken, chosen[None, :]])
        out.append(note)
    return out
