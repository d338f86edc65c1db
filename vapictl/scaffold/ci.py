"""CI recipes written by `vapictl init`, kept byte-identical to examples/ci/ (a test checks).

Raw strings: the workflows contain shell line continuations and `${{ }}` expressions.
"""

from __future__ import annotations

GITHUB_WORKFLOW_PATH = ".github/workflows/vapictl.yml"
GITLAB_CI_PATH = ".gitlab-ci.yml"

GITHUB_WORKFLOW = r"""# vapictl GitOps for GitHub Actions: copy to .github/workflows/vapictl.yml
# (`vapictl init` writes this file for you).
#
#   pull request  -> validate, plan against the live org, post the Markdown plan as a
#                    PR comment and on the job summary, upload the saved plan
#   merge to main -> download the plan reviewed on the pull request and apply exactly it;
#                    a stale plan is refused, nothing applied (turn on "require branches to
#                    be up to date before merging" so the reviewed plan is the merged one)
#   nightly       -> drift detection: the job fails (exit 2) when the live org was edited
#                    outside vapictl, and posts to DRIFT_WEBHOOK_URL if that secret is set
#
# Repository settings: secret VAPI_API_KEY (a private key of the org), the secrets your
# manifests reference as ${VAR} (mapped in `env:` below), optionally DRIFT_WEBHOOK_URL
# (a Slack incoming webhook, say), and variable VAPICTL_ENV (default: prod) naming the
# overlay in overlays/<env>/.
name: vapictl

on:
  pull_request:
    paths: ["base/**", "overlays/**", ".github/workflows/vapictl.yml"]
  push:
    branches: [main]
    paths: ["base/**", "overlays/**"]
  schedule:
    - cron: "23 5 * * *"  # nightly drift check, 05:23 UTC
  workflow_dispatch:  # runs the drift check on demand

permissions:
  contents: read

concurrency:
  group: vapictl-${{ github.ref }}
  cancel-in-progress: false  # never cancel an apply half-way

env:
  VAPICTL_ENV: ${{ vars.VAPICTL_ENV || 'prod' }}
  VAPI_API_KEY: ${{ secrets.VAPI_API_KEY }}
  # The variables your manifests use (${ORG_WEBHOOK_SECRET}, ...): one line each.
  ORG_WEBHOOK_SECRET: ${{ secrets.ORG_WEBHOOK_SECRET }}
  SUPPORT_SECRET: ${{ secrets.SUPPORT_SECRET }}
  NO_COLOR: "1"

jobs:
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install vapictl
      - name: Validate
        run: vapictl validate -e "$VAPICTL_ENV"
      - name: Plan
        # Also appends the Markdown plan to the job summary ($GITHUB_STEP_SUMMARY).
        run: vapictl plan -e "$VAPICTL_ENV" --out plan.vapiplan --output markdown > plan.md
      - name: Comment the plan on the pull request
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          gh pr comment "${{ github.event.pull_request.number }}" --body-file plan.md --edit-last \
            || gh pr comment "${{ github.event.pull_request.number }}" --body-file plan.md
      - uses: actions/upload-artifact@v4
        with:
          name: vapictl-plan
          path: plan.vapiplan
          retention-days: 30

  apply:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    environment: production  # add required reviewers here for a second pair of eyes
    permissions:
      contents: read
      actions: read
      pull-requests: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install vapictl
      - name: Download the plan reviewed on the pull request
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          head_sha=$(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" \
            --jq '.[0].head.sha')
          run_id=$(gh run list --workflow vapictl.yml --commit "$head_sha" --event pull_request \
            --status success --limit 1 --json databaseId --jq '.[0].databaseId')
          if [ -z "$run_id" ]; then
            echo "::error::No successful plan run for this merge's pull request; nothing applied."
            exit 1
          fi
          gh run download "$run_id" --name vapictl-plan
      - name: Apply the reviewed plan
        # Refused (exit 1, nothing applied) if the manifests or the live org changed since.
        run: vapictl apply plan.vapiplan --output json > apply.json
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: vapictl-apply-report
          path: apply.json

  drift:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install vapictl
      - name: Detect drift
        # Exit 2 (job fails) on drift; the table goes to the job summary as well.
        env:
          VAPICTL_NOTIFY_URL: ${{ secrets.DRIFT_WEBHOOK_URL }}
        run: vapictl drift -e "$VAPICTL_ENV" --output json > drift.json
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: vapictl-drift-report
          path: drift.json
"""

GITLAB_CI = r"""# vapictl GitOps for GitLab CI: copy to .gitlab-ci.yml (`vapictl init --ci gitlab`).
#
#   merge request   -> validate, plan against the live org, post the Markdown plan as an
#                      MR note (needs VAPICTL_GITLAB_TOKEN), keep the saved plan as artifact
#   default branch  -> plan again, then a MANUAL `apply` job applies exactly that saved plan
#                      (the plan is on the pipeline page for review; a stale plan is refused)
#   schedule        -> drift detection (CI/CD > Schedules, e.g. nightly): the job fails
#                      with exit code 2 on drift and posts to DRIFT_WEBHOOK_URL if set
#
# CI/CD variables (masked): VAPI_API_KEY, the secrets your manifests reference as ${VAR},
# optionally VAPICTL_GITLAB_TOKEN (api scope, for MR notes) and DRIFT_WEBHOOK_URL.
default:
  image: python:3.11-slim
  before_script:
    - pip install --quiet vapictl

variables:
  VAPICTL_ENV: prod  # the overlay in overlays/<env>/
  NO_COLOR: "1"

stages: [validate, plan, apply, drift]

validate:
  stage: validate
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - vapictl validate -e "$VAPICTL_ENV"

plan:
  stage: plan
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - vapictl plan -e "$VAPICTL_ENV" --out plan.vapiplan --output markdown > plan.md
    - cat plan.md
    - |
      if [ -n "$CI_MERGE_REQUEST_IID" ] && [ -n "$VAPICTL_GITLAB_TOKEN" ]; then
        python3 -c 'import json, os, urllib.request as r
      e = os.environ
      url = "%s/projects/%s/merge_requests/%s/notes" % (
          e["CI_API_V4_URL"], e["CI_PROJECT_ID"], e["CI_MERGE_REQUEST_IID"])
      body = json.dumps({"body": open("plan.md").read()}).encode()
      headers = {"PRIVATE-TOKEN": e["VAPICTL_GITLAB_TOKEN"], "Content-Type": "application/json"}
      r.urlopen(r.Request(url, data=body, headers=headers), timeout=30)'
      fi
  artifacts:
    paths: [plan.vapiplan, plan.md]
    expire_in: 1 week

apply:
  stage: apply
  rules:
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual  # a person reviews plan.md on the pipeline page, then presses play
  needs: [plan]
  resource_group: vapictl-apply  # one apply at a time
  environment: production
  script:
    # Refused (exit 1, nothing applied) if the manifests or the live org changed since.
    - vapictl apply plan.vapiplan --output json > apply.json
  artifacts:
    when: always
    paths: [apply.json]

drift:
  stage: drift
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  variables:
    VAPICTL_NOTIFY_URL: $DRIFT_WEBHOOK_URL
  script:
    # Exit 2 (job fails) on drift; drift.json names each resource and field.
    - vapictl drift -e "$VAPICTL_ENV" --output json > drift.json
  artifacts:
    when: always
    paths: [drift.json]
"""
