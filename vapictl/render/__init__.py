"""Renderers of a plan (`engine.plan_model.Plan`) for people and machines.

`text.py` is the Terraform-like coloured view (`+ ~ -`, line diffs of long
texts), `markdown.py` the PR-comment view, `json_plan.py` the versioned JSON
format documented in the README, and `values.py` how one value is shown
("(unset)", masked secrets, values known after apply). Renderers only read the
plan; the engine never imports them.
"""
