"""A brand's privacy policy and terms of service addresses (RFC 7591 policy_uri, tos_uri).

Registration used to answer them back without keeping them; now they are
stored (https only) and the consent page links to the privacy policy.
"""

STEPS = [
    "alter table brands add column policy_uri text",
    "alter table brands add column tos_uri text",
]
