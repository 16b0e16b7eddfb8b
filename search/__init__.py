from .citation import cite, page_label, section_label
from .evaluate import Question, load_questions, summarise
from .filters import Filters
from .glossary import Glossary, load_glossary
from .grouping import ThemeGroup, group_by_theme, representative_passages
from .handle import IndexHandle
from .indexer import IngestReport, ingest
from .manifest import IndexCorruptError, IndexMismatchError
from .models import Explanation, GlossaryMatch, Hit, SearchResult, ThesaurusMatch
from .params import RankingParams, SearchOptions
from .query import QueryError, validate_query
from .searcher import Searcher
from .store import IndexStore
from .theme_filing import reassign_themes
from .thesaurus import Thesaurus, load_thesaurus

__all__ = [
    "Explanation",
    "Filters",
    "Glossary",
    "GlossaryMatch",
    "Hit",
    "IndexCorruptError",
    "IndexHandle",
    "IndexMismatchError",
    "IndexStore",
    "IngestReport",
    "Question",
    "QueryError",
    "RankingParams",
    "SearchOptions",
    "SearchResult",
    "Searcher",
    "ThemeGroup",
    "Thesaurus",
    "ThesaurusMatch",
    "cite",
    "group_by_theme",
    "ingest",
    "load_glossary",
    "load_questions",
    "load_thesaurus",
    "page_label",
    "reassign_themes",
    "representative_passages",
    "section_label",
    "summarise",
    "validate_query",
]
