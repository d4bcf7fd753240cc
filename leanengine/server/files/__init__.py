"""Files: the bytes on disk (``blobs``) and the ``_File`` routes (``routes``)."""
