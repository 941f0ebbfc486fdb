"""The outlook: will there be a deal, which one, and how sure are we?

Core objects: :func:`outlook` (the analysis) returning an :class:`Outlook` (a frozen value with
``to_dict()``). The Monte Carlo core (:mod:`zopa.outlook.engine`) draws the scenario's uncertain
judgements in independent, seeded chunks; settlement rules (:mod:`zopa.outlook.settle`) pick a
package inside each draw's acceptable set; :mod:`zopa.outlook.hinges` says what decides
whether a deal exists.
"""

from zopa.outlook.api import DEFAULT_RULE, outlook
from zopa.outlook.result import Outlook

__all__ = ["DEFAULT_RULE", "Outlook", "outlook"]
