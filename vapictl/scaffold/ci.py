"""CI recipes written by `vapictl init`, kept byte-identical to examples/ci/ (a test checks).

Raw strings: the workflows contain shell line continuations and `${{ }}` expressions.
"""

from __future__ import annotations

GITHUB_WORKFLOW_PATH = ".github/workflows/vapictl.yml"
GITLAB_CI_PATH = ".gitlab-ci.yml"

GITHUB_WORKFLOW = r"""# vapictl GitOps for GitHub Actions: copy to .github/workflows/vapictl.yml
# (`vapictl init` writes this file for you). It uses the vapictl action (action.yml in
# the vapictl repository), pinned to a release: bump both `@v...` and nothing else.
#
#   pull request  -> validate, plan against the live org, post the Markdown plan as a
#                    PR comment (edited on each push) and on the job summary, upload
#                    the saved plan
#   merge to main -> download the plan reviewed on the pull request and apply exactly it;
#                    a stale plan is refused, nothing applied (turn on "require branches to
#                    be up to date before merging" so the reviewed plan is the merged one)
#   nightly       -> drift detection: the job fails (exit 2) when the live org was edited
#                    outside vapictl, and posts to DRIFT_WEBHOOK_URL if that secret is set
#
# Repository settings: secret VAPI_API_KEY (a private key of the org), the secrets your
# manifests reference as ${VAR} (mapped in each vapictl step's `env:` below, so no other
# step sees them), optionally DRIFT_WEBHOOK_URL (a Slack incoming webhook, say), and
# variable VAPICTL_ENV (default: prod) naming the overlay in overlays/<env>/.
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
  NO_COLOR: "1"

jobs:
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - name: Validate and plan; comment the plan on the pull request
        uses: vapictl/vapictl@v0.1.0
        with:
          mode: plan
          environment: ${{ env.VAPICTL_ENV }}
          api-key: ${{ secrets.VAPI_API_KEY }}
        env:
          # The variables your manifests use (${ORG_WEBHOOK_SECRET}, ...): one line each.
          ORG_WEBHOOK_SECRET: ${{ secrets.ORG_WEBHOOK_SECRET }}
          SUPPORT_SECRET: ${{ secrets.SUPPORT_SECRET }}
      - uses: actions/upload-artifact@v4
        with:
          name: vapictl-plan
          path: plan.vapiplan
          retention-days: 30

  apply:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    timeout-minutes: 30
    environment: production  # add required reviewers here for a second pair of eyes
    permissions:
      contents: read
      actions: read
      pull-requests: read
    steps:
      - uses: actions/checkout@v4
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
        uses: vapictl/vapictl@v0.1.0
        with:
          mode: apply
          plan-file: plan.vapiplan
          api-key: ${{ secrets.VAPI_API_KEY }}
        env:
          ORG_WEBHOOK_SECRET: ${{ secrets.ORG_WEBHOOK_SECRET }}
          SUPPORT_SECRET: ${{ secrets.SUPPORT_SECRET }}
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: vapictl-apply-report
          path: apply.json

  drift:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - name: Detect drift
        # Exit 2 (job fails) on drift; the table goes to the job summary as well.
        uses: vapictl/vapictl@v0.1.0
        with:
          mode: drift
          environment: ${{ env.VAPICTL_ENV }}
          api-key: ${{ secrets.VAPI_API_KEY }}
          notify-url: ${{ secrets.DRIFT_WEBHOOK_URL }}
        env:
          ORG_WEBHOOK_SECRET: ${{ secrets.ORG_WEBHOOK_SECRET }}
          SUPPORT_SECRET: ${{ secrets.SUPPORT_SECRET }}
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: vapictl-drift-report
          path: drift.json
"""

# For teams that run many orgs (an agency with one org per client, one per region):
# one matrix job per environment, each with its own key, and one combined drift summary.
GITHUB_MULTI_ORG_PATH = ".github/workflows/vapictl-orgs.yml"
GITHUB_MULTI_ORG = r"""# vapictl for many orgs: copy to .github/workflows/vapictl-orgs.yml.
#
# One overlay per org (overlays/<env>/), one repository secret per org holding its API
# key (listed next to it in the matrix below). Each environment plans on pull
# requests, applies its reviewed plan on merge, and checks drift nightly in its own
# matrix job (one org failing does not stop the others); a last job puts one combined
# drift table on the run's summary page.
name: vapictl (all orgs)

on:
  pull_request:
    paths: ["base/**", "overlays/**"]
  push:
    branches: [main]
    paths: ["base/**", "overlays/**"]
  schedule:
    - cron: "23 5 * * *"
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: vapictl-orgs-${{ github.ref }}
  cancel-in-progress: false

jobs:
  orgs:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    permissions:
      contents: read
      pull-requests: write
    strategy:
      fail-fast: false
      max-parallel: 4  # stay well under the runner quota
      matrix:
        include:  # one line per org: its overlay in overlays/ and the secret with its key
          - {env: acme-us, key: VAPI_API_KEY_ACME_US}
          - {env: acme-eu, key: VAPI_API_KEY_ACME_EU}
          - {env: globex, key: VAPI_API_KEY_GLOBEX}
    env:
      CHECKS_DRIFT: ${{ github.event_name != 'pull_request' && github.event_name != 'push' }}
    steps:
      - uses: actions/checkout@v4
      - name: Plan ${{ matrix.env }}
        if: github.event_name == 'pull_request'
        uses: vapictl/vapictl@v0.1.0
        with:
          mode: plan
          environment: ${{ matrix.env }}
          plan-file: ${{ matrix.env }}.vapiplan
          api-key: ${{ secrets[matrix.key] }}
      - name: Apply ${{ matrix.env }}
        if: github.event_name == 'push'
        uses: vapictl/vapictl@v0.1.0
        with:
          mode: apply
          environment: ${{ matrix.env }}
          auto-approve: "true"  # or download each environment's reviewed plan first
          api-key: ${{ secrets[matrix.key] }}
      - name: Drift ${{ matrix.env }}
        if: env.CHECKS_DRIFT == 'true'
        uses: vapictl/vapictl@v0.1.0
        with:
          mode: drift
          environment: ${{ matrix.env }}
          fail-on-drift: "false"  # the summary job below reports it, for all orgs at once
          api-key: ${{ secrets[matrix.key] }}
      - if: always() && env.CHECKS_DRIFT == 'true'
        run: |
          # A missing report (the job failed before drift ran) shows as an error row.
          mv drift.json "drift-${{ matrix.env }}.json" || echo '{}' > "drift-${{ matrix.env }}.json"
      - if: always() && env.CHECKS_DRIFT == 'true'
        uses: actions/upload-artifact@v4
        with:
          name: drift-${{ matrix.env }}
          path: drift-${{ matrix.env }}.json

  drift-summary:
    needs: orgs
    if: always() && (github.event_name == 'schedule' || github.event_name == 'workflow_dispatch')
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: drift-*
          merge-multiple: true
      - name: One drift table for every org
        run: |
          python3 - <<'PY' >> "$GITHUB_STEP_SUMMARY"
          import glob, json
          print("### vapictl drift: all orgs")
          print()
          print("| org | drift | changed | missing | unmanaged |")
          print("|---|---|---:|---:|---:|")
          drifted = 0
          for path in sorted(glob.glob("drift-*.json")):
              org = path[len("drift-"):-len(".json")]
              try:
                  report = json.load(open(path))
                  s = report["summary"]
              except (ValueError, KeyError):
                  print(f"| {org} | error: see its job | | | |")
                  drifted += 1
                  continue
              drifted += bool(report["drift"])
              mark = "**yes**" if report["drift"] else "no"
              print(f"| {org} | {mark} | {s['changed']} | {s['missing']} | {s['unmanaged']} |")
          open("drifted", "w").write(str(drifted))
          PY
          test "$(cat drifted)" = 0  # fail once, here, if any org drifted
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
  timeout: 20 minutes
  cache:
    key: vapictl-pip
    paths: [.cache/pip]
  before_script:
    - pip install --quiet "vapictl==0.1.0"  # pinned: bump on purpose

variables:
  VAPICTL_ENV: prod  # the overlay in overlays/<env>/
  NO_COLOR: "1"
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

stages: [validate, plan, apply, drift]

validate:
  stage: validate
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    # Findings on the merge request's diff (Code Quality widget), and the usual text.
    - vapictl validate -e "$VAPICTL_ENV" --output codequality > gl-code-quality-report.json
    - vapictl validate -e "$VAPICTL_ENV"
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json

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
        # One note per merge request, edited on each pipeline (not a new one every time).
        python3 -c 'import json, os, urllib.request as r
      e = os.environ
      notes = "%s/projects/%s/merge_requests/%s/notes" % (
          e["CI_API_V4_URL"], e["CI_PROJECT_ID"], e["CI_MERGE_REQUEST_IID"])
      headers = {"PRIVATE-TOKEN": e["VAPICTL_GITLAB_TOKEN"], "Content-Type": "application/json"}
      marker = "<!-- vapictl plan -->"
      body = json.dumps({"body": marker + "\n" + open("plan.md").read()}).encode()
      listed = r.urlopen(r.Request(notes + "?per_page=100", headers=headers), timeout=30)
      ours = [n["id"] for n in json.load(listed) if n["body"].startswith(marker)]
      url, method = (notes + "/%d" % ours[0], "PUT") if ours else (notes, "POST")
      r.urlopen(r.Request(url, data=body, headers=headers, method=method), timeout=30)'
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
