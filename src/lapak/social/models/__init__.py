"""Every social model lives on the `social` database. Accounts are referred to by their public id (`usr_…`), never
by a foreign key: the account tables are on `default`, and social keeps no more of them than the id."""

from lapak.social.models.creators import Creator, Follow, PhoneCheck, ShowcaseItem
from lapak.social.models.feed import FeedRanking
from lapak.social.models.live import ChatMessage, LivePin, LiveSession
from lapak.social.models.posts import Comment, Like, Post, ProductTag, Report, Share, Takedown

__all__ = ["ChatMessage", "Comment", "Creator", "FeedRanking", "Follow", "Like", "LivePin", "LiveSession",
           "PhoneCheck", "Post", "ProductTag", "Report", "Share", "ShowcaseItem", "Takedown"]
