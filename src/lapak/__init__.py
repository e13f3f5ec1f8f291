"""Lapak: an open-source social-commerce platform built for Indonesia first."""
