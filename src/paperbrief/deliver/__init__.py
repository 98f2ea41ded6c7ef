"""Deliveries of written posts: e-mail over SMTP and chat webhooks (Slack, Discord, Feishu, a generic JSON
webhook), configured by top-level ``[[notify]]`` tables. The run's deliver stage is ``paperbrief.run.deliver``."""

from __future__ import annotations

from paperbrief.deliver.chat import chat_payloads, post_payloads
from paperbrief.deliver.email import build_email, html_body, send_email
from paperbrief.deliver.messages import Message, PaperItem, PostSection, build_message, plain_text
from paperbrief.deliver.split import pack, split_words

__all__ = ["Message", "PaperItem", "PostSection", "build_message", "plain_text", "build_email", "html_body",
           "send_email", "chat_payloads", "post_payloads", "pack", "split_words"]
