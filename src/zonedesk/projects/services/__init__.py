"""Every write on projects, by subdomain: lifecycle, facilities, sources (events, referrals), config."""

from .config import set_currency_rate, set_figure_settings, set_target
from .facilities import create_facility
from .lifecycle import (
    EDITABLE,
    add_project,
    advance_stage,
    apply_funds,
    create_project,
    move_back,
    projects_in_scope,
    read_investment,
    record_funds,
    record_resigning,
    reopen,
    update_project,
)
from .sources import accept_referral, create_promotion_event, decline_referral, offer_referral, withdraw_referral

__all__ = [
    "EDITABLE",
    "accept_referral",
    "add_project",
    "advance_stage",
    "apply_funds",
    "create_facility",
    "create_project",
    "create_promotion_event",
    "decline_referral",
    "move_back",
    "offer_referral",
    "projects_in_scope",
    "read_investment",
    "record_funds",
    "record_resigning",
    "reopen",
    "set_currency_rate",
    "set_figure_settings",
    "set_target",
    "update_project",
    "withdraw_referral",
]
