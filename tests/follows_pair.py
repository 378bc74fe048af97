"""A council assessed in 2008 and again in 2009, the newer profile following the older (`follows:`, as
`interview --from` writes it), for the tests of `letter`, `compare` and `batch --letters` that read the
pair: save OLD as 2008/council.yaml and NEW as 2009/council.yaml."""

OLD = """\
council: {name: Example District Council, type: district}
assessed_on: 2008-03-31
characteristics:
  efficiency_policy: transactional
  management_leadership: {stage: transactional, evidence: "No member challenge forum"}
  sustainability: transitional
"""
NEW = """\
council: {name: Example District Council, type: district}
assessed_on: 2009-04-01
follows: {file: ../2008/council.yaml, assessed_on: 2008-03-31}
characteristics:
  efficiency_policy: transitional
  management_leadership: transitional
  sustainability: transitional
"""
