"""The chains and links an actor may act on: outside them a record does not exist (404)."""

from zonedesk.orgs.audit import Actor

from .models import Chain, ChainLink


def chains_in_scope(by: Actor):
    """The chains an actor reads (system actors: all of them)."""
    return Chain.objects.all() if by.is_system else Chain.objects.visible_to(by.user)


def links_in_scope(by: Actor):
    """The links of the chains an actor reads."""
    return ChainLink.objects.all() if by.is_system else ChainLink.objects.visible_to(by.user)
