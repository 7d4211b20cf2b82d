"""The forum engines the saved-page reader knows, in the order it tries them (most specific markup first)."""

from __future__ import annotations

from anecdata.ingest.forum_board import Board
from anecdata.ingest.forum_discourse_page import DISCOURSE_PAGE
from anecdata.ingest.forum_invision import INVISION
from anecdata.ingest.forum_mybb import MYBB
from anecdata.ingest.forum_nodebb import NODEBB
from anecdata.ingest.forum_phpbb import PHPBB2, PHPBB3, PHPBB_SUBSILVER2
from anecdata.ingest.forum_smf import SMF
from anecdata.ingest.forum_vbulletin import VBULLETIN, VBULLETIN5, VBULLETIN_ARCHIVE
from anecdata.ingest.forum_xenforo import XENFORO

BOARDS: tuple[Board, ...] = (
    NODEBB,
    DISCOURSE_PAGE,
    XENFORO,
    INVISION,
    VBULLETIN5,
    VBULLETIN,
    VBULLETIN_ARCHIVE,
    MYBB,
    SMF,
    PHPBB3,
    PHPBB_SUBSILVER2,
    PHPBB2,
)
"""Each engine's board, tried in turn: the first whose posts a page contains reads it."""
