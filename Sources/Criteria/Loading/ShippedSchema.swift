// Written by Tools/embed-schema.sh from Criteria/khuyenhoc-criteria.xsd; do not edit by hand.

/// The criteria schema built into the program. Every criteria file is validated against it,
/// never against a schema file found on disk: a schema travels with criteria folders by e-mail
/// and USB stick, and a hostile one could make libxml2 read local files or reach the network
/// (external entities, `xs:include` of a URL). `Criteria/khuyenhoc-criteria.xsd` is the same
/// text, kept for editors and validators; a test keeps the two identical.
enum ShippedSchema {
    static let text = #"""
<?xml version="1.0" encoding="UTF-8"?>
<!--
  The khuyenhoc criteria format, version 1.
  One file describes one learning model: its survey fields, derived values, criteria groups,
  indicators with their point rules, and how the level is decided.
  Expressions (the "when" and "value" attributes) are checked by the program, not by this schema;
  see Criteria/README.md for their grammar.
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:k="urn:khuyenhoc:criteria:1"
           targetNamespace="urn:khuyenhoc:criteria:1"
           elementFormDefault="qualified"
           version="1.0">

  <xs:simpleType name="id">
    <xs:restriction base="xs:string">
      <xs:pattern value="[A-Za-z_][A-Za-z0-9_]*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="modelId">
    <xs:restriction base="xs:string">
      <xs:pattern value="[a-z][a-z0-9]*(-[a-z0-9]+)*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="indicatorId">
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9A-Za-z]+(\.[0-9A-Za-z]+)*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="expression">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="text">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="fieldType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="text"/>
      <xs:enumeration value="int"/>
      <xs:enumeration value="bool"/>
    </xs:restriction>
  </xs:simpleType>

  <!-- A level's id, as the CSV output writes it: tieu-bieu, dat, xuat-sac… (khong-dat and loi are
       every model's own and cannot be declared). -->
  <xs:simpleType name="levelId">
    <xs:restriction base="xs:string">
      <xs:pattern value="[a-z][a-z0-9]*(-[a-z0-9]+)*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="levelIdList">
    <xs:restriction base="xs:string">
      <xs:pattern value="[a-z][a-z0-9]*(-[a-z0-9]+)*( [a-z][a-z0-9]*(-[a-z0-9]+)*)*"/>
    </xs:restriction>
  </xs:simpleType>

  <!-- A year (2025) or a date (2025-01-01) of the validity period. -->
  <xs:simpleType name="yearOrDate">
    <xs:union memberTypes="xs:gYear xs:date"/>
  </xs:simpleType>

  <xs:simpleType name="idList">
    <xs:restriction base="xs:string">
      <xs:pattern value="[A-Za-z_][A-Za-z0-9_]*( [A-Za-z_][A-Za-z0-9_]*)*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="targetYear">
    <xs:restriction base="xs:integer">
      <xs:minInclusive value="1900"/>
      <xs:maxInclusive value="9999"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="share">
    <xs:restriction base="xs:decimal">
      <xs:minInclusive value="0"/>
      <xs:maxInclusive value="1"/>
      <xs:fractionDigits value="4"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="targetBase">
    <xs:restriction base="xs:string">
      <xs:enumeration value="registered"/>
      <xs:enumeration value="declared"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:element name="model">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="basis" type="k:text" maxOccurs="unbounded"/>
        <xs:element name="note" type="k:text" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element name="identity">
          <xs:complexType>
            <xs:attribute name="key" type="k:idList" use="required"/>
            <xs:attribute name="name" type="k:id" use="required"/>
            <xs:attribute name="commune" type="k:id" use="required"/>
            <xs:attribute name="hamlet" type="k:id"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="fields">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="field" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="alias" type="k:text" minOccurs="0" maxOccurs="unbounded"/>
                  </xs:sequence>
                  <xs:attribute name="id" type="k:id" use="required"/>
                  <xs:attribute name="type" type="k:fieldType" use="required"/>
                  <xs:attribute name="label" type="k:text" use="required"/>
                  <xs:attribute name="label-en" type="k:text"/>
                  <xs:attribute name="required" type="xs:boolean" default="true"/>
                  <xs:attribute name="min" type="xs:integer"/>
                  <xs:attribute name="max" type="xs:integer"/>
                  <!-- What another model reads through a relation (ap.vung_kho_khan) for an
                       entity linked to none of this model's: true/false, or a whole number. -->
                  <xs:attribute name="default" type="xs:string"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="checks" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="check" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="field" type="k:id" use="required"/>
                  <xs:attribute name="when" type="k:expression" use="required"/>
                  <xs:attribute name="message" type="k:text" use="required"/>
                  <xs:attribute name="message-en" type="k:text"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="relation" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="link" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="here" type="k:id" use="required"/>
                  <xs:attribute name="there" type="k:id" use="required"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="name" type="k:id" use="required"/>
            <xs:attribute name="model" type="k:modelId" use="required"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="let" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:attribute name="name" type="k:id" use="required"/>
            <xs:attribute name="value" type="k:expression" use="required"/>
            <xs:attribute name="label" type="k:text"/>
            <xs:attribute name="label-en" type="k:text"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="group" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="indicator" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:choice maxOccurs="unbounded">
                    <xs:element name="points">
                      <xs:complexType>
                        <xs:attribute name="value" type="xs:nonNegativeInteger" use="required"/>
                        <xs:attribute name="when" type="k:expression" use="required"/>
                      </xs:complexType>
                    </xs:element>
                    <xs:element name="otherwise">
                      <xs:complexType>
                        <xs:attribute name="value" type="xs:nonNegativeInteger" use="required"/>
                      </xs:complexType>
                    </xs:element>
                  </xs:choice>
                  <xs:attribute name="id" type="k:indicatorId" use="required"/>
                  <xs:attribute name="max" type="xs:nonNegativeInteger" use="required"/>
                  <xs:attribute name="title" type="k:text" use="required"/>
                  <xs:attribute name="title-en" type="k:text"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="id" type="k:id" use="required"/>
            <xs:attribute name="title" type="k:text" use="required"/>
            <xs:attribute name="title-en" type="k:text"/>
            <xs:attribute name="max" type="xs:nonNegativeInteger" use="required"/>
            <xs:attribute name="min" type="xs:nonNegativeInteger" default="0"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="decision">
          <xs:complexType>
            <xs:choice maxOccurs="unbounded">
              <xs:element name="disqualify">
                <xs:complexType>
                  <xs:attribute name="when" type="k:expression" use="required"/>
                  <xs:attribute name="reason" type="k:text" use="required"/>
                  <xs:attribute name="reason-en" type="k:text"/>
                  <xs:attribute name="list" type="k:expression"/>
                </xs:complexType>
              </xs:element>
              <xs:element name="group-minimums">
                <xs:complexType/>
              </xs:element>
              <xs:element name="pass-mark">
                <xs:complexType>
                  <xs:choice maxOccurs="unbounded">
                    <xs:element name="mark">
                      <xs:complexType>
                        <xs:attribute name="value" type="xs:nonNegativeInteger" use="required"/>
                        <xs:attribute name="when" type="k:expression" use="required"/>
                        <xs:attribute name="note" type="k:text"/>
                        <xs:attribute name="note-en" type="k:text"/>
                      </xs:complexType>
                    </xs:element>
                    <xs:element name="otherwise">
                      <xs:complexType>
                        <xs:attribute name="value" type="xs:nonNegativeInteger" use="required"/>
                        <xs:attribute name="note" type="k:text"/>
                        <xs:attribute name="note-en" type="k:text"/>
                      </xs:complexType>
                    </xs:element>
                  </xs:choice>
                </xs:complexType>
              </xs:element>
              <xs:element name="levels">
                <xs:complexType>
                  <xs:choice maxOccurs="unbounded">
                    <xs:element name="level">
                      <xs:complexType>
                        <xs:attribute name="id" type="k:levelId"/>
                        <!-- "level" is the first version's name of "id" (still read). -->
                        <xs:attribute name="level" type="k:levelId"/>
                        <xs:attribute name="label" type="k:text"/>
                        <xs:attribute name="label-en" type="k:text"/>
                        <xs:attribute name="when" type="k:expression" use="required"/>
                      </xs:complexType>
                    </xs:element>
                    <xs:element name="otherwise">
                      <xs:complexType>
                        <xs:attribute name="id" type="k:levelId"/>
                        <xs:attribute name="level" type="k:levelId"/>
                        <xs:attribute name="label" type="k:text"/>
                        <xs:attribute name="label-en" type="k:text"/>
                      </xs:complexType>
                    </xs:element>
                  </xs:choice>
                  <!-- The levels that count as recognised (default: every level declared). -->
                  <xs:attribute name="certified" type="k:levelIdList"/>
                </xs:complexType>
              </xs:element>
            </xs:choice>
          </xs:complexType>
        </xs:element>
        <!-- The programme's targets for the yearly summary (khuyenhoc summary): the share of
             entities to be recognised by a year, optionally only where a condition named by
             `when` holds (e.g. vung_kho_khan), over a base: the entities assessed (registered,
             the default) or the households the hamlet files declare (declared). -->
        <xs:element name="targets" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="target" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="year" type="k:targetYear" use="required"/>
                  <xs:attribute name="share" type="k:share" use="required"/>
                  <xs:attribute name="when" type="k:id"/>
                  <xs:attribute name="base" type="k:targetBase" default="registered"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="basis" type="k:text"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="format" type="xs:string" fixed="1" use="required"/>
      <xs:attribute name="id" type="k:modelId" use="required"/>
      <xs:attribute name="version" type="k:text" use="required"/>
      <xs:attribute name="order" type="xs:positiveInteger"/>
      <xs:attribute name="title" type="k:text" use="required"/>
      <xs:attribute name="title-en" type="k:text"/>
      <xs:attribute name="entity" type="k:text" use="required"/>
      <xs:attribute name="entity-en" type="k:text"/>
      <xs:attribute name="total" type="xs:positiveInteger" use="required"/>
      <xs:attribute name="valid-from" type="k:yearOrDate"/>
      <xs:attribute name="valid-to" type="k:yearOrDate"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""#
}
