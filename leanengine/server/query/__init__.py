"""The where-JSON query language: parsing into condition nodes, and find specs."""
