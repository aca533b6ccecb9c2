-- The store layout of whosaid 0.x before schema version 2 (tests/store/test_upgrade.py).
CREATE TABLE articles (
	id VARCHAR(64) NOT NULL, 
	title TEXT, 
	url TEXT, 
	outlet TEXT, 
	published VARCHAR(10), 
	text TEXT NOT NULL, 
	record TEXT NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE entities (
	id INTEGER NOT NULL, 
	"key" VARCHAR(400) NOT NULL, 
	name TEXT NOT NULL, 
	type VARCHAR(16) NOT NULL, 
	country VARCHAR(2), 
	source_type VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE TABLE aliases (
	entity_id INTEGER NOT NULL, 
	alias VARCHAR(400) NOT NULL, 
	UNIQUE (entity_id, alias), 
	FOREIGN KEY(entity_id) REFERENCES entities (id)
);
CREATE TABLE article_entities (
	article_id VARCHAR(64) NOT NULL, 
	local_id VARCHAR(16) NOT NULL, 
	entity_id INTEGER NOT NULL, 
	mentions INTEGER NOT NULL, 
	UNIQUE (article_id, local_id), 
	FOREIGN KEY(article_id) REFERENCES articles (id), 
	FOREIGN KEY(entity_id) REFERENCES entities (id)
);
CREATE TABLE quantities (
	pk INTEGER NOT NULL, 
	article_id VARCHAR(64) NOT NULL, 
	id VARCHAR(16) NOT NULL, 
	statement_id VARCHAR(16), 
	text TEXT NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	value FLOAT, 
	value_max FLOAT, 
	bound VARCHAR(2) NOT NULL, 
	unit TEXT, 
	PRIMARY KEY (pk), 
	FOREIGN KEY(article_id) REFERENCES articles (id)
);
CREATE TABLE statements (
	pk INTEGER NOT NULL, 
	article_id VARCHAR(64) NOT NULL, 
	id VARCHAR(16) NOT NULL, 
	speaker_text TEXT, 
	speaker_entity_id INTEGER, 
	speaker_name TEXT, 
	source_type VARCHAR(32), 
	cue TEXT, 
	cue_type VARCHAR(32), 
	content TEXT NOT NULL, 
	content_start INTEGER NOT NULL, 
	content_end INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	reported_via TEXT NOT NULL, 
	hedged BOOLEAN NOT NULL, 
	negated BOOLEAN NOT NULL, 
	confidence FLOAT NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (article_id, id), 
	FOREIGN KEY(article_id) REFERENCES articles (id), 
	FOREIGN KEY(speaker_entity_id) REFERENCES entities (id)
);
CREATE VIRTUAL TABLE statements_fts USING fts5(content);
