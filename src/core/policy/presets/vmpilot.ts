/** VMPilot-style git-flow: the VMPilot Release Process (simplified git-flow). */
export const vmpilot = `# yaml-language-server: $schema=./node_modules/trellis-release/schema/trellis.schema.json
# Trellis policy for a git-flow project like VMPilot (preset: gitflow, from VMPilot).
# Source: "VMPilot Release Process": the VMPilot-style git-flow.
# Every key: https://unpkg.com/trellis-release/docs/policy.md; check this file with: trellis policy check

project:
  name: vmpilot

versioning:
  # "Versioning: VMPilot uses semantic versioning (MAJOR.MINOR.PATCH)".
  scheme: semver
  # "Creates a GitHub release with version tag".
  tag: "v{version}"
  line: minor

branches:
  # "main - Production-ready code, deployed to users".
  main: main
  # "dev - Integration branch for development work".
  develop: dev
  # No release branches: "When ready for release, dev is merged into main"; lines come from
  # tags. A branch named like this template would still be read as a release line.
  release: "release/{major}.{minor}"
  # "Hotfixes: Create a hotfix branch from main".
  hotfix: "hotfix/{version}"

support:
  # Only the release on main is maintained: hotfixes start from main.
  maintained: 1

release:
  tagMessage: plain
  # "Generate draft release notes for review".
  changelog: false
  # "Post-Release: After a successful release".
  postRelease:
    - "Verify the Docker image is available on GitHub Container Registry"
    - "Check that the GitHub release was created correctly"
    - "Ensure the milestone was closed"
    - "Announce the release to users"
  checklists:
    patch:
      items:
        - { text: "Run the tests", check: tests-pass }
        - { text: "Draft release notes reviewed", check: notes-written }
        - "No open issues left in the milestone"
        - { text: "Merge dev into main and tag the release", check: tag-exists }
        - "Docker image pushed to GitHub Container Registry"
        - "Milestone closed"
        - "Release announced"
    minor:
      extends: patch
    major:
      extends: patch

flow:
  # "VMPilot follows a simplified Git Flow branching strategy"; "The actual release ... Merges
  # dev into main".
  model: gitflow
  prepare:
    # prepare-release.sh: "1. Verify you're on the dev branch with no uncommitted changes".
    cleanTree: true
    # "2. Pull the latest changes from the remote repository".
    upToDate: true
    # "4. Run tests to ensure everything is working". Set your project's test command (argv).
    test: [pytest]
    # "5. Generate draft release notes for review".
    notes: "release-notes/{version}.md"
    # "7. Check if there are any open issues in the milestone".
    milestone: true
  hotfix:
    # "1. Create a hotfix branch from main"; "3. Create a PR to merge back to both main and dev";
    # "4. Create a new patch version release".
    from: main
    mergeInto: [main, develop]
`;
