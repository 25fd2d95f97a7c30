"""Email adapters: compose and send a report, pull reports from a mailbox into the inbox."""
