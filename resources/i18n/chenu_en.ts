<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
    <context>
        <name>chenu</name>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>%n min ago</source>
            <translation>
                <numerusform>%n min ago</numerusform>
                <numerusform>%n min ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>%n h ago</source>
            <translation>
                <numerusform>%n h ago</numerusform>
                <numerusform>%n h ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/i18n.py" />
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>%n day ago</numerusform>
                <numerusform>%n days ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/agents.py" />
            <source>%Ln tokens a task</source>
            <translation>
                <numerusform>%Ln tokens a task</numerusform>
                <numerusform>%Ln tokens a task</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>Show %n more</source>
            <translation>
                <numerusform>Show %n more</numerusform>
                <numerusform>Show %n more</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/conflicts.py" />
            <source>%n not shown yet</source>
            <translation>
                <numerusform>%n not shown yet</numerusform>
                <numerusform>%n not shown yet</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <source>%n item(s)</source>
            <translation>
                <numerusform>%n item</numerusform>
                <numerusform>%n items</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/dashboard.py" />
            <location filename="../../chenu_desktop/ui/widgets/sphere_card.py" />
            <source>%n decision(s)</source>
            <translation>
                <numerusform>%n decision</numerusform>
                <numerusform>%n decisions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>%n decision(s) wait(s) for you, {urgent} of them for too long. The oldest come first.</source>
            <translation>
                <numerusform>%n decision waits for you, {urgent} of them for too long. The oldest come first.</numerusform>
                <numerusform>%n decisions wait for you, {urgent} of them for too long. The oldest come first.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/decisions.py" />
            <source>%n decision(s) wait(s) for you. The oldest come first.</source>
            <translation>
                <numerusform>%n decision waits for you. The oldest come first.</numerusform>
                <numerusform>%n decisions wait for you. The oldest come first.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/governance.py" />
            <source>%n action(s) wait(s) for your approval. Nothing of them happens until you approve; approving applies each exactly once.</source>
            <translation>
                <numerusform>%n action waits for your approval. Nothing of them happens until you approve; approving applies each exactly once.</numerusform>
                <numerusform>%n actions wait for your approval. Nothing of them happens until you approve; approving applies each exactly once.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/memory.py" />
            <source>%n item(s) proposed by Nova or an agent wait(s) for your approval.</source>
            <translation>
                <numerusform>%n item proposed by Nova or an agent waits for your approval.</numerusform>
                <numerusform>%n items proposed by Nova or agents wait for your approval.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n thread(s)</source>
            <translation>
                <numerusform>%n thread</numerusform>
                <numerusform>%n threads</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n decision(s) waiting</source>
            <translation>
                <numerusform>%n decision waiting</numerusform>
                <numerusform>%n decisions waiting</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n agent(s) on the team</source>
            <translation>
                <numerusform>%n agent on the team</numerusform>
                <numerusform>%n agents on the team</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/sphere.py" />
            <source>%n more on the Decisions page</source>
            <translation>
                <numerusform>%n more on the Decisions page</numerusform>
                <numerusform>%n more on the Decisions page</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>Delete (restorable for %n day(s))</source>
            <translation>
                <numerusform>Delete (restorable for %n day)</numerusform>
                <numerusform>Delete (restorable for %n days)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>%n event(s) in the log</source>
            <translation>
                <numerusform>%n event in the log</numerusform>
                <numerusform>%n events in the log</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/thread.py" />
            <source>This thread is deleted. It can be restored for %n day(s) after its deletion.</source>
            <translation>
                <numerusform>This thread is deleted. It can be restored for %n day after its deletion.</numerusform>
                <numerusform>This thread is deleted. It can be restored for %n days after its deletion.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/threads.py" />
            <source>%Ln thread(s)</source>
            <translation>
                <numerusform>%Ln thread</numerusform>
                <numerusform>%Ln threads</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/pages/tokens.py" />
            <source>Last %n day(s)</source>
            <translation>
                <numerusform>Last %n day</numerusform>
                <numerusform>Last %n days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>costs %Ln token(s)</source>
            <translation>
                <numerusform>costs %Ln token</numerusform>
                <numerusform>costs %Ln tokens</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/checkpoint_card.py" />
            <source>budget %Ln token(s)</source>
            <translation>
                <numerusform>budget %Ln token</numerusform>
                <numerusform>budget %Ln tokens</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>%n h</source>
            <translation>
                <numerusform>%n h</numerusform>
                <numerusform>%n h</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/decision_card.py" />
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n day</numerusform>
                <numerusform>%n days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../chenu_desktop/ui/widgets/sphere_card.py" />
            <source>%n active thread(s)</source>
            <translation>
                <numerusform>%n active thread</numerusform>
                <numerusform>%n active threads</numerusform>
            </translation>
        </message>
    </context>
</TS>
