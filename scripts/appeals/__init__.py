"""Appeal templates: letters a reader fills in the browser, prints, or downloads as Word files.

A template file holds an explanation (Markdown) and, after the marker line, the letter with
`{{ field_id }}` placeholders. The build checks the letter in a sandbox, renders a page per
language with a form that fills the letter in the browser (nothing typed leaves the device),
and writes a blank Word file with labeled blanks.
"""
