/** Lightspeed-style: Lightspeed Core Stack, "Supporting backport changes for releases" (LCORE-1349). */
export const lightspeed = `# yaml-language-server: $schema=./node_modules/trellis-release/schema/trellis.schema.json
# Trellis policy for a Lightspeed Core Stack-style project (preset: per-release-branches, from Lightspeed Core Stack).
# Source: "Supporting backport changes for releases" (LCORE-1349, 2026-03-30): the Lightspeed-style process.
# Every key: https://unpkg.com/trellis-release/docs/policy.md; check this file with: trellis policy check

project:
  name: lightspeed-stack
  packages:
    # Visualized flow: "Publish on PyPi".
    - { ecosystem: PyPI, name: lightspeed-stack }

versioning:
  # Solution: "Semantic versioning is applied to all published artifacts" (MAJOR.MINOR.PATCH).
  # lightspeed-stack's tags today are PEP 440 versions (a Python package on PyPI): 0.6.0rc1
  # release candidates and 0.4.3.1 post-fix releases, which SemVer cannot read.
  scheme: pep440
  prerelease:
    labels: [rc]
    format: "{label}{n}"
  # Git workflow: "git tag -a v1.2.0 -m 'Release 1.2.0'"; the project's tags today have no v
  # (0.5.3): new tags use the first template, the second still recognises tags with a v.
  tag: ["{version}", "v{version}"]
  # Support is per MAJOR.MINOR (R1: "fix bugs and CVE in all supported versions" x.y).
  line: minor

branches:
  # Solution: "Routine development occurs on main branch".
  main: main
  release:
    # "Two release branches" picture: release/2.0 and release/1.2 (MAJOR.MINOR branches), as
    # lightspeed-stack names them today (release/0.5, release/0.6).
    - "release/{major}.{minor}"
    # Release branch: "naming schema: release/MAJOR.MINOR.PATCH"; "For every formal release
    # (major.minor.patch) we create a long-lived branch" and a fix "creates release/1.2.1 from
    # release/1.2.0". Such per-release branches still belong to the line X.Y; to cut them, list
    # this template first.
    - "release/{major}.{minor}.{patch}"
  # Proposed workflow: "Hotfixes (if needed): create hotfix/x.y.z+1 from main".
  hotfix: "hotfix/{version}"
  backport: "backport/{line}/{sha}"

support:
  # R2 "Defined support window: Publish explicit start and end dates for support of each LCORE
  # release (e.g., 18-24 months)". Regular lines: bug fixes for 12 months, then security fixes
  # only (R3 "security-only") until 18 months after the first release.
  bugfix: 12 months
  security: 18 months
  lts:
    # R1 "a formal Long-Term Support (LTS) program for designated LCORE release versions":
    # designated lines get the long end of R2's window.
    duration: 24 months
    lines: []
  # R3 "Maintain an authoritative list of currently supported LCORE releases and the type of
  # support (security-only, critical-bug + security, full support)": full, bugfix, security,
  # end-of-life. Entries here override the rules above; give start/endOfBugfix/eol dates as
  # they are published (R2). Epics LCORE-1622/1623 name the first two release branches.
  lines:
    "0.5":
      support: bugfix
      note: "LCORE-1622 accommodation phase: 0.5.0 release branch"
    "0.6":
      support: full
      note: "LCORE-1623 production phase: 0.6.0 release branch"

versionFiles:
  # Git workflow step 2: "Update version number in build files". Adjust to your build file.
  - path: pyproject.toml
    kind: toml
    key: project.version
    value: "{version}"
    when: [release]

backport:
  # Solution: "only bug fixes, security patches, and approved backports are merged into the
  # corresponding release branch"; U1-U8: CVEs and bugs go to supported lines, features do not
  # (U3/U4: "older versions should not be affected").
  kinds:
    feature: []
    bugfix: [prerelease, full, bugfix]
    security: [prerelease, full, bugfix, security]
  # Merge and backport rules: "record the originating main commit(s) ... in the release branch".
  # CVE ids for the changelog (Solution: "changelog entry documenting the fix and any CVE
  # identifiers") come from "CVE: CVE-2026-1234" trailers of the fixing commits.
  origin: x
  # Cherry picking: "Resolve any merge conflicts, then git add and git cherry-pick --continue".
  conflicts: branch
  mode: branch
  # "the cherry picking can be made in main -> release branch direction or vice versa. We prefer
  # the first method when possible" (U7/U8 still allow line X -> line Y).
  chain: false

security:
  # R4 "Commit to SLAs ... (e.g., triage within 24 hours, patch within X days depending on
  # severity)". The fix times below are a starting point; set your own.
  sla:
    critical: { triage: 24 hours, fix: 7 days }
    high: { triage: 24 hours, fix: 14 days }
    medium: { triage: 24 hours, fix: 30 days }
    low: { triage: 24 hours, fix: 90 days }
  # R5 "Track, triage, and remediate CVEs affecting any supported release".
  advisories: .trellis/advisories

release:
  # Solution: "release tags are reproducible and signed".
  sign: true
  # Git workflow: annotated tags ("git tag -a v1.2.0 -m 'Release 1.2.0'").
  tagMessage: plain
  # Solution: "receive a patch-level version bump and changelog entry".
  changelog: CHANGELOG.md
  # Proposed workflow steps; "End-of-support or EOL for a release is recorded".
  checklists:
    patch:
      items:
        - { text: "Create the release branch (release/x.y)", check: branch-exists }
        - { text: "Update metadata, such as the version", check: versions-bumped }
        - "Run CI: full test suite, linters, build"
        - "Stabilize: bug fixes, configuration, small polish commits on the release branch"
        - "QA / UAT: deploy the release branch to staging and run e2e tests"
        - { text: "Prepare release: finalize changelog, update docs, set release notes", check: changelog-written }
        - { text: "Tag the release (signed)", check: tag-exists }
        - "Build images and publish on PyPI; deploy"
    minor:
      extends: patch
      items:
        - "Add the new line to the supported versions list (R3) with its support dates (R2)"
    major:
      extends: minor
      items:
        - "Record end-of-life dates of lines that leave support"

flow:
  model: trunk
  hotfix:
    # "create hotfix/x.y.z+1 from main, then follow same flow".
    from: main
    mergeInto: [main]
`;
