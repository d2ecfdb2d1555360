"""REAct knowledge base pipeline: content/ and aggregates/ -> docs/ -> mkdocs -> site/.

Data flows one way: read -> validate -> plan -> render -> write -> build.
"""
