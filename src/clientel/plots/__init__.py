"""Charts a manager reads (matplotlib, optional extra ``clientel[plot]``).

Every function is named ``plot_<chart>`` (so none shadows the computing
function of the same step, such as :func:`clientel.pricing.price_band`), draws
on the ``ax`` it is given (or a new figure's axes), returns the
:class:`matplotlib.axes.Axes`, and takes plain sequences, so it works with
results, DataFrame columns or arrays alike. matplotlib is imported only when
a chart is drawn.

Results draw their own chart with a thin ``plot(ax=None)`` method:
``rank_segments(...).plot()`` (nine-box), ``rank_clients(...).plot()`` and
``select_targets(...).plot()`` (client map), ``rank_influencers(...).plot()``
(influencer grid), ``PriceBand.plot()``, ``tornado(...).plot()`` and
``FinancialImpact.plot()``; ``AccountHealth.plot(id)`` (health trend);
``compare_methods(...).plot()`` (method agreement).

The charts share one colour-blind-safe palette, Okabe and Ito's (Wong, Nature
Methods 8, 441, 2011), and say what they show in plain words: axes name their
unit and currency, legends name every mark, labels never print over each other.
Each chart is shown, with a sentence on how to read it, in the gallery
(:doc:`/gallery`).
"""

from __future__ import annotations

from clientel.plots._acceptability import plot_rank_acceptability
from clientel.plots._agreement import plot_method_agreement
from clientel.plots._client_map import plot_client_map
from clientel.plots._health import plot_health_trend
from clientel.plots._impact import plot_financial_impact
from clientel.plots._influence import plot_influencer_grid
from clientel.plots._nine_box import plot_nine_box
from clientel.plots._price_band import plot_price_band
from clientel.plots._tornado import plot_tornado

__all__ = [
    "plot_client_map",
    "plot_financial_impact",
    "plot_health_trend",
    "plot_influencer_grid",
    "plot_method_agreement",
    "plot_nine_box",
    "plot_price_band",
    "plot_rank_acceptability",
    "plot_tornado",
]
