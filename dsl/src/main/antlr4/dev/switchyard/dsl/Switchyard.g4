// The Switchyard model-description language (*.sy). See docs/language.md for the reference.
// Statements need no terminator: every statement starts with a keyword or a name and no
// expression can be continued by one, so line breaks are insignificant (';' is allowed).
grammar Switchyard;

program : item* EOF ;

item
    : 'model' IDENT ';'?                                          # modelItem
    | 'import' STRING ';'?                                        # importItem
    | 'dim' IDENT '=' expr ';'?                                   # dimItem
    | 'const' IDENT '=' expr ';'?                                 # constItem
    | 'mesh' IDENT '{' (meshAxis (',' meshAxis)* ','?)? '}'       # meshItem
    | 'layout' '{' (layoutRule (','|';')?)* '}'                   # layoutItem
    | 'precision' IDENT ';'?                                      # precisionItem
    | 'block' IDENT dimVars? '(' (blockParam (',' blockParam)* ','?)? ')' body   # blockItem
    ;

meshAxis   : name '=' expr ;
layoutRule : IDENT '->' axisList ;
axisList   : name | '(' name (',' name)* ')' ;
// words that are keywords elsewhere but common as mesh axis or argument names
name       : IDENT | 'model' | 'dim' ;
callee     : IDENT | 'layout' ;
dimVars    : '[' IDENT (',' IDENT)* ']' ;
blockParam : IDENT (':' typeAnn)? ('=' expr)? ;

typeAnn
    : IDENT? '[' (patDim (',' patDim)*)? ']'                      # tensorAnn
    | (IDENT | 'dim')                                             # kindAnn
    ;
patDim : '...' | IDENT ;

body : '{' stmt* '}' ;

stmt
    : 'let' IDENT (':' typeAnn)? '=' expr ';'?                    # letStmt
    | 'let' '(' IDENT (',' IDENT)+ ')' '=' expr ';'?              # letTupleStmt
    | IDENT op=('='|'+='|'-='|'*=') expr ';'?                     # assignStmt
    | SHARED='shared'? 'param' IDENT ':' typeAnn '=' expr ';'?    # paramStmt
    | 'dim' IDENT '=' expr ';'?                                   # dimStmt
    | 'for' IDENT 'in' expr '..' expr body                        # forStmt
    | ifClause                                                    # ifStmt
    | 'return' expr ';'?                                          # returnStmt
    | 'precision' IDENT ';'?                                      # precisionStmt
    | 'assert' expr (',' STRING)? ';'?                            # assertStmt
    ;

ifClause : 'if' expr body ('else' (ifClause | body))? ;

// ANTLR gives earlier alternatives of a left-recursive rule higher precedence: primaries,
// then unary, * / % @, + -, comparisons, &&, ||, and if-then-else last.
expr
    : callee '(' (arg (',' arg)* ','?)? ')' instanceName?         # callExpr
    | IDENT                                                       # nameExpr
    | INT                                                         # intExpr
    | FLOAT                                                       # floatExpr
    | ('true'|'false')                                            # boolExpr
    | STRING                                                      # stringExpr
    // one alternative for parentheses and tuples (the builder tells them apart), so that
    // nested parentheses need no long lookahead
    | '(' tupleItem (',' tupleItem)* trail=','? ')'               # tupleExpr
    | '[' (expr (',' expr)* ','?)? ']'                            # listExpr
    | '{' mapEntry (',' mapEntry)* ','? '}'                       # mapExpr
    | op=('-'|'!') expr                                           # unaryExpr
    | expr op=('*'|'/'|'%'|'@') expr                              # mulExpr
    | expr op=('+'|'-') expr                                      # addExpr
    | expr op=('=='|'!='|'<'|'<='|'>'|'>=') expr                  # cmpExpr
    | expr '&&' expr                                              # andExpr
    | expr '||' expr                                              # orExpr
    | 'if' expr 'then' expr 'else' expr                           # condExpr
    ;

instanceName : 'as' IDENT ('[' expr ']')? ;
arg          : (name '=')? expr ;
tupleItem    : (name '=')? expr ;
mapEntry     : IDENT '->' axisList ;

INT     : [0-9] [0-9_]* ;
FLOAT   : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)? | [0-9]+ [eE] [+-]? [0-9]+ ;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"' ;
IDENT   : [a-zA-Z_] [a-zA-Z_0-9]* ;
LINE_COMMENT  : '//' ~[\r\n]* -> channel(2) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(2) ;
WS      : [ \t\r\n]+ -> channel(HIDDEN) ;
// Any other character becomes one token, so the parser (not the lexer) reports it with recovery.
ERRCHAR : . ;
