"""The content platform: creators, posts, live sessions, affiliate links (filled by a later issue).

Its models live in the `social` database alias and it never imports `lapak.market`.
"""
