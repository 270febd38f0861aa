"""Complete: fill in what the export lacks, and leave clients out.

``second_file`` reads a device or company list, ``names`` joins it to the
clients by name, ``edits`` applies the values and the user's edits,
``leave_out`` takes clients out of the analysis.
"""
