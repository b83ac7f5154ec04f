-- title: P28-3 oracle ALTER SESSION SET CURRENT_SCHEMA completes the names after it, as USE does elsewhere; other session settings change nothing
-- dialect: oracle
-- schema: {"relacional.tb_cliente": {"id_cliente": "int", "cliente": "varchar"}}
ALTER SESSION SET CURRENT_SCHEMA = stagearea;
CREATE TABLE sta_cliente AS SELECT id_cliente, cliente FROM relacional.tb_cliente;
ALTER SESSION SET CURRENT_SCHEMA = "DW";
CREATE TABLE tb_dim AS SELECT id_cliente, cliente AS nm FROM stagearea.sta_cliente;
ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD';
CREATE TABLE tb_two AS SELECT nm FROM tb_dim;
-- expect:
-- relacional.tb_cliente.id_cliente -> stagearea.sta_cliente.id_cliente DIRECT.IDENTITY @2
-- relacional.tb_cliente.cliente -> stagearea.sta_cliente.cliente DIRECT.IDENTITY @2
-- stagearea.sta_cliente.id_cliente -> dw.tb_dim.id_cliente DIRECT.IDENTITY @4
-- stagearea.sta_cliente.cliente -> dw.tb_dim.nm DIRECT.IDENTITY @4
-- dw.tb_dim.nm -> dw.tb_two.nm DIRECT.IDENTITY @6
