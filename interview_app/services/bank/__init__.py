"""The interview question bank: its files, checks, duplicates, import, export, generation and statistics."""
