-- Oracle CREATE TABLE clauses sqlglot cannot parse (P28-2): constraint states (`ENABLE`,
-- `DISABLE NOVALIDATE`, `NORELY`, `USING INDEX ...`) and partition / physical clauses after
-- the column list. They decide nothing about lineage and are cut before parsing, so the
-- table's declared columns are known to the statements that read or fill it.

-- title: oracle out-of-line and NOT NULL constraint states keep the declared columns
-- dialect: oracle
-- schema: {"stg.vendas": {"id_cliente": "number", "valor": "number"}}
CREATE TABLE dw.dim_cliente (
    sk_cliente    INTEGER,
    nk_id_cliente INTEGER NOT NULL ENABLE,
    nome          VARCHAR2(100) CONSTRAINT nome_nn NOT NULL DISABLE NOVALIDATE,
    CONSTRAINT dim_cliente_pk PRIMARY KEY (sk_cliente) USING INDEX TABLESPACE ts ENABLE,
    CONSTRAINT dim_cliente_uk UNIQUE (nk_id_cliente) RELY DISABLE NOVALIDATE,
    CONSTRAINT dim_cliente_ck CHECK (sk_cliente > 0) NORELY ENABLE VALIDATE
);
CREATE TABLE dw.cli_copy AS SELECT * FROM dw.dim_cliente;
-- expect:
-- dw.dim_cliente.sk_cliente -> dw.cli_copy.sk_cliente DIRECT.IDENTITY
-- dw.dim_cliente.nk_id_cliente -> dw.cli_copy.nk_id_cliente DIRECT.IDENTITY
-- dw.dim_cliente.nome -> dw.cli_copy.nome DIRECT.IDENTITY

-- title: oracle range partitions with tablespaces: INSERT ... SELECT fills the columns by position
-- dialect: oracle
-- schema: {"stg.vendas": {"id_cliente": "number", "valor": "number"}}
CREATE TABLE dw.fato (
    sk_cliente INTEGER,
    valor      NUMBER
)
    TABLESPACE ts PCTFREE 10
    PARTITION BY RANGE (sk_cliente) (
        PARTITION p1 VALUES LESS THAN (1000) TABLESPACE ts1,
        PARTITION p2 VALUES LESS THAN (MAXVALUE)
    ) ENABLE ROW MOVEMENT;
INSERT INTO dw.fato SELECT v.id_cliente, v.valor FROM stg.vendas v;
-- expect:
-- stg.vendas.id_cliente -> dw.fato.sk_cliente DIRECT.IDENTITY
-- stg.vendas.valor -> dw.fato.valor DIRECT.IDENTITY

-- title: oracle inline constraint states, USING INDEX (CREATE INDEX ...) and list partitions
-- dialect: oracle
CREATE TABLE dw.l (
    c VARCHAR2(1) CONSTRAINT l_pk PRIMARY KEY USING INDEX (CREATE UNIQUE INDEX dw.l_ix ON dw.l (c)) ENABLE,
    n NUMBER CONSTRAINT l_fk REFERENCES dw.d (a) ON DELETE CASCADE DISABLE NORELY,
    m NUMBER CHECK (m > 0) ENABLE VALIDATE,
    p NUMBER PRIMARY KEY USING INDEX dw.p_ix EXCEPTIONS INTO dw.exc
)
PARTITION BY LIST (c) (PARTITION pa VALUES ('a', 'b'), PARTITION pd VALUES (DEFAULT));
CREATE TABLE dw.l_copy AS SELECT * FROM dw.l;
-- expect:
-- dw.l.c -> dw.l_copy.c DIRECT.IDENTITY
-- dw.l.n -> dw.l_copy.n DIRECT.IDENTITY
-- dw.l.m -> dw.l_copy.m DIRECT.IDENTITY
-- dw.l.p -> dw.l_copy.p DIRECT.IDENTITY

-- title: oracle hash and interval partitions, storage and compression clauses
-- dialect: oracle
-- schema: {"stg.src": {"id": "number", "dt": "date"}}
CREATE TABLE dw.h (k INTEGER, d DATE)
    SEGMENT CREATION IMMEDIATE PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 NOCOMPRESS LOGGING
    STORAGE (INITIAL 65536 NEXT 1048576 MINEXTENTS 1 BUFFER_POOL DEFAULT) TABLESPACE users
    PARTITION BY HASH (k) PARTITIONS 4;
CREATE TABLE dw.i (k INTEGER, d DATE) COMPRESS NOLOGGING
    PARTITION BY RANGE (d) INTERVAL (NUMTOYMINTERVAL(1, 'MONTH'))
    (PARTITION p0 VALUES LESS THAN (DATE '2020-01-01'));
INSERT INTO dw.h SELECT id, dt FROM stg.src;
CREATE TABLE dw.j AS SELECT * FROM dw.i;
-- expect:
-- stg.src.id -> dw.h.k DIRECT.IDENTITY
-- stg.src.dt -> dw.h.d DIRECT.IDENTITY
-- dw.i.k -> dw.j.k DIRECT.IDENTITY
-- dw.i.d -> dw.j.d DIRECT.IDENTITY

-- title: oracle columns named like constraint states stay columns
-- dialect: oracle
CREATE TABLE dw.e (enable INTEGER, validate INTEGER NOT NULL ENABLE, disable INTEGER UNIQUE DISABLE);
CREATE TABLE dw.e_copy AS SELECT * FROM dw.e;
-- expect:
-- dw.e.enable -> dw.e_copy.enable DIRECT.IDENTITY
-- dw.e.validate -> dw.e_copy.validate DIRECT.IDENTITY
-- dw.e.disable -> dw.e_copy.disable DIRECT.IDENTITY

-- title: oracle CTAS with a column list and partitions keeps its query
-- dialect: oracle
-- schema: {"stg.src": {"id": "number", "dt": "date"}}
CREATE TABLE dw.k (a PRIMARY KEY DISABLE, b) PARTITION BY HASH (a) PARTITIONS 4 AS SELECT id, dt FROM stg.src
-- expect:
-- stg.src.id -> dw.k.a DIRECT.IDENTITY
-- stg.src.dt -> dw.k.b DIRECT.IDENTITY

-- title: oracle global temporary table (ON COMMIT, passed through) and LOB storage after the column list
-- dialect: oracle
-- schema: {"stg.src": {"id": "number", "dt": "date"}}
CREATE GLOBAL TEMPORARY TABLE dw.g (k INTEGER NOT NULL ENABLE, d DATE) ON COMMIT PRESERVE ROWS;
CREATE TABLE dw.b (k INTEGER, doc CLOB) LOB (doc) STORE AS SECUREFILE (TABLESPACE ts);
INSERT INTO dw.g SELECT id, dt FROM stg.src;
CREATE TABLE dw.g_copy AS SELECT * FROM dw.g;
INSERT INTO dw.b SELECT id, dt FROM stg.src;
-- expect:
-- stg.src.id -> dw.g_copy.k DIRECT.IDENTITY
-- stg.src.dt -> dw.g_copy.d DIRECT.IDENTITY
-- stg.src.id -> dw.b.k DIRECT.IDENTITY
-- stg.src.dt -> dw.b.doc DIRECT.IDENTITY
